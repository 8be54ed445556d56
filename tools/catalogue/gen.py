"""Author deskstretch/data/catalogue.json: poses solved so hands, knees and feet keep contact.

Usage: .venv/bin/python tools/catalogue/gen.py [OUT]   (default: the packaged catalogue)
tests/catalogue/test_authoring.py checks that it reproduces the shipped file exactly.
Step texts live in texts.py beside this file. Working code, kept as the catalogue's source;
it is excluded from the lint rules of the package.
"""
import json, sys, math, os
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
from fit import fit, pts

from deskstretch.pose.skeleton import JOINTS
def P(joints, exaggerated=False, base=None):
    d = {"joints": {k: round(v, 1) for k, v in joints.items() if abs(v) > 0.04}}
    if base: d["base"] = base
    over = sorted(k for k, v in d["joints"].items() if not (JOINTS[k].low - 0.5 <= v <= JOINTS[k].high + 0.5))
    if over:
        if not exaggerated: print("OUT OF RANGE", over, file=sys.stderr)
        d["exaggerated"] = over
    return d
def both(**kw):
    out = {}
    for k, v in kw.items():
        out["left_" + k] = v; out["right_" + k] = v
    return out
def sub(a, b): return [a[i] - b[i] for i in range(3)]
def chk(name, err):
    if err > 0.003: print("WARN fit", name, err, file=sys.stderr)

STAND = both(shoulder_abd=5, elbow_flex=8)
shared = {"stand": P(STAND)}

# =============== hip flexor: the LEFT knee is down, the right foot forward
hf0 = dict(root_pitch=-3, lumbar_flex=3, left_hip_flex=-3, right_hip_flex=87, right_knee_flex=90,
           left_knee_flex=90, left_ankle_flex=-80, right_hip_abd=4, left_hip_abd=4)
def hf_start_res(p):
    return [p['left_knee'][1] - (p['right_ankle'][1] - 0.009),
            p['right_knee'][0] - p['right_ankle'][0] + 0.01,
            p['right_toe'][1] - p['right_heel'][1],
            p['left_ankle'][1] - p['left_knee'][1]]
hf_start, e = fit(hf0, ['right_hip_flex', 'right_knee_flex', 'right_ankle_flex', 'left_knee_flex'], hf_start_res); chk('hf start', e)
_p = pts(hf_start)
hf_vec = sub(_p['right_ankle'], _p['left_knee'])
def hf_hold_res(p):
    v = sub(p['right_ankle'], p['left_knee'])
    return [v[0] - hf_vec[0], v[1] - hf_vec[1], p['left_ankle'][1] - p['left_knee'][1],
            p['right_toe'][1] - p['right_heel'][1]]
hf_hold, e = fit(dict(hf_start, root_pitch=-9, lumbar_flex=9, left_hip_flex=-25),
                 ['right_hip_flex', 'right_knee_flex', 'left_knee_flex', 'right_ankle_flex'], hf_hold_res); chk('hf hold', e)
def hands_on_knee(pose):
    def res(p):
        k = p['right_knee']
        return [p['right_wrist'][0] - (k[0] - 0.02), p['right_wrist'][1] - (k[1] + 0.07),
                p['left_wrist'][0] - (k[0] - 0.04), p['left_wrist'][1] - (k[1] + 0.08)]
    start = dict(pose, **both(shoulder_flex=35, elbow_flex=20, shoulder_abd=10))
    start['left_shoulder_abd'] = -5
    start['left_shoulder_rot'] = 30
    out, e = fit(start, ['right_shoulder_flex', 'right_elbow_flex', 'left_shoulder_flex', 'left_elbow_flex'], res); chk('hands', e)
    return out
hf_start = hands_on_knee(hf_start)
hf_hold = hands_on_knee(hf_hold)

# =============== trunk rotation (lying on the back; the LEFT knee crosses over)
tr_start = dict(root_pitch=-90, neck_flex=8, **both(shoulder_abd=85, shoulder_flex=-12, elbow_flex=5,
                ankle_flex=-25, hip_abd=3))
tr_knee_up = dict(tr_start, left_hip_flex=90, left_knee_flex=95, left_ankle_flex=-20)
tr_hold = dict(tr_knee_up, root_turn=-45, lumbar_rot=10, thoracic_rot=35, left_hip_abd=-25,
               left_hip_flex=85, right_hip_abd=0, neck_rot=0)
# The pelvis lies on its side, which lifts it; tip the whole body head-down a little so
# the chest stays on the floor, and bring the straight leg back down to the mat.
tr_hold = dict(tr_hold, root_pitch=-101.5, right_hip_flex=-11.5, left_hip_flex=96.5)

# =============== hangs
hang_start = dict(STAND, **both(shoulder_flex=172, shoulder_abd=10, elbow_flex=0, wrist_flex=0))
hang_knees = dict(hang_start, **both(hip_flex=32, knee_flex=95, ankle_flex=-15))
passive = dict(hang_knees, **both(shoulder_elev=20))
active = dict(passive, **both(shoulder_elev=-12, hip_flex=15, knee_flex=90, shoulder_flex=166),
              thoracic_flex=-22, lumbar_flex=-12, neck_flex=-30, head_flex=-15)
def under_the_bar(pose):
    # A hanging body settles with its middle below the hands.
    def res(p):
        mid = (p['hip_center'][0] + p['t8'][0]) / 2
        return [mid - (p['left_grip'][0] + p['right_grip'][0]) / 2]
    out, e = fit(pose, ['root_pitch'], res); chk('under bar', e)
    return out
hang_knees = under_the_bar(hang_knees)
passive = under_the_bar(passive)
active = under_the_bar(active)

# =============== all fours (camel, arch and relax)
def all_fours(spine, free_extra=()):
    """Hands under shoulders, knees under hips, shins and feet on the floor."""
    base = dict(root_pitch=78, **both(hip_flex=78, knee_flex=90, ankle_flex=-85, shoulder_flex=80,
                                       wrist_flex=-80, hip_abd=3, shoulder_abd=3))
    base.update(spine)
    def res(p):
        out = []
        for s in ('left', 'right'):
            out += [p[f'{s}_knee'][0] - p[f'{s}_hip'][0],
                    p[f'{s}_wrist'][0] - p[f'{s}_shoulder'][0],
                    p[f'{s}_wrist'][1] - p[f'{s}_knee'][1] - 0.0,
                    p[f'{s}_fingers'][1] - p[f'{s}_wrist'][1] + 0.012,
                    p[f'{s}_ankle'][1] - p[f'{s}_knee'][1]]
        return out
    free = ['root_pitch'] + [f'{s}_{j}' for s in ('left', 'right') for j in ('hip_flex', 'shoulder_flex', 'wrist_flex', 'knee_flex')]
    out, e = fit(base, free, res); chk('all fours', e)
    return out
def keep_contacts(start, spine):
    """A new spine shape with hands and knees where they were in ``start``."""
    p0 = pts(start)
    vec = {s: sub(p0[f'{s}_wrist'], p0[f'{s}_knee']) for s in ('left', 'right')}
    base = dict(start); base.update(spine)
    def res(p):
        out = []
        for s in ('left', 'right'):
            v = sub(p[f'{s}_wrist'], p[f'{s}_knee'])
            out += [v[0] - vec[s][0], v[1] - vec[s][1],
                    p[f'{s}_fingers'][1] - p[f'{s}_wrist'][1] + 0.012,
                    p[f'{s}_ankle'][1] - p[f'{s}_knee'][1],
                    p[f'{s}_knee'][0] - p[f'{s}_hip'][0] + 0.03]
        return out
    free = ['root_pitch'] + [f'{s}_{j}' for s in ('left', 'right') for j in ('hip_flex', 'shoulder_flex', 'wrist_flex', 'knee_flex')]
    out, e = fit(base, free, res); chk('keep contacts', e)
    return out
camel_flat = all_fours(dict(lumbar_flex=-4, thoracic_flex=4, neck_flex=-5))
camel_hump = keep_contacts(camel_flat, dict(lumbar_flex=28, thoracic_flex=45, neck_flex=42, head_flex=15))
relax = all_fours(dict(lumbar_flex=10, thoracic_flex=14, neck_flex=15))
arch = keep_contacts(relax, dict(lumbar_flex=-25, thoracic_flex=-25, neck_flex=-40, head_flex=-15))

# =============== deep squat and reach (the LEFT arm goes up)
sq0 = dict(root_pitch=14, lumbar_flex=4, thoracic_flex=2, neck_flex=-12,
           **both(hip_flex=112, hip_abd=14, hip_rot=-12, knee_flex=138, ankle_flex=34))
def sq_res(p):
    out = [p[f'{s}_toe'][1] - p[f'{s}_heel'][1] for s in ('left', 'right')]
    out += [p['hip_center'][1] - (p['left_knee'][1] + p['right_knee'][1]) / 2 + 0.035]
    return out
sq, e = fit(sq0, ['left_ankle_flex', 'right_ankle_flex', 'left_hip_flex'], sq_res); chk('squat', e)
sq['right_hip_flex'] = sq['left_hip_flex']
sq_start = dict(sq, **both(shoulder_flex=28, elbow_flex=12, shoulder_abd=-6, wrist_flex=10))
sq_hold = dict(sq_start, thoracic_rot=28, lumbar_rot=8, neck_rot=-28, neck_flex=-10,
               left_shoulder_flex=178, left_shoulder_abd=12, left_elbow_flex=0, left_wrist_flex=0,
               right_shoulder_flex=22, right_shoulder_abd=-12, right_elbow_flex=15)
# Half-way the arm is out to the side, so it sweeps up beside the body and not across the face.
sq_open = dict(sq_start, thoracic_rot=16, lumbar_rot=4, neck_rot=-16, neck_flex=-11,
               left_shoulder_flex=30, left_shoulder_abd=88, left_elbow_flex=4, left_wrist_flex=0,
               right_shoulder_flex=25, right_shoulder_abd=-9, right_elbow_flex=14)

# =============== jefferson curl and toe touch
def arms_hang(pose, reach=None):
    def res(p):
        out = []
        for s in ('left', 'right'):
            if reach is None:
                out += [p[f'{s}_wrist'][0] - p[f'{s}_shoulder'][0]]
            else:
                out += [p[f'{s}_wrist'][0] - p[f'{s}_{reach}'][0]]
        return out
    out, e = fit(pose, ['left_shoulder_flex', 'right_shoulder_flex'], res)
    return out
jc_stand = dict(STAND)
jc_chin = dict(jc_stand, neck_flex=40, head_flex=10)
jc_upper = arms_hang(dict(jc_chin, thoracic_flex=45))
jc_lower = arms_hang(dict(jc_upper, lumbar_flex=55))
jc_bottom = arms_hang(dict(jc_lower, root_pitch=50, lumbar_flex=58, thoracic_flex=48, **both(hip_flex=58, ankle_flex=-8)))
tt_stand = dict(STAND, **both(hip_abd=6, shoulder_abd=8))
tt_down = arms_hang(dict(tt_stand, neck_flex=30, thoracic_flex=35, lumbar_flex=45, root_pitch=55,
                         **both(hip_flex=62, ankle_flex=-7, elbow_flex=0, shoulder_flex=140)), reach='toe')

stretches = []
def S(**kw): stretches.append(kw)
if __name__ == "__main__":
    exec(open(os.path.join(HERE, "texts.py")).read())
    order = ["hip-flexor", "trunk-rotation", "camel", "arch-and-relax", "deep-squat-reach",
             "jefferson-curl", "toe-touch-check", "passive-hang", "active-hang"]
    stretches.sort(key=lambda e: order.index(e["id"]))
    data = {"schema_version": 1, "poses": shared, "stretches": stretches}
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.dirname(HERE)), "deskstretch", "data", "catalogue.json")
    with open(out, "w") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
        f.write("\n")
