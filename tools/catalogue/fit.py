import sys
from deskstretch.pose.skeleton import solve

def pts(pose):
    return solve(pose).points

def fit(pose, free, residuals, iters=60, lam=1e-10):
    """Gauss-Newton with finite differences. free: list of joint names. residuals(points)->list."""
    pose = dict(pose)
    for _ in range(iters):
        r0 = residuals(pts(pose))
        J = []
        for name in free:
            p2 = dict(pose); p2[name] = p2.get(name, 0.0) + 0.01
            r1 = residuals(pts(p2))
            J.append([(a - b) / 0.01 for a, b in zip(r1, r0)])
        n = len(free)
        # normal equations (J^T J + lam I) dx = -J^T r ; J stored as columns
        A = [[sum(J[i][k] * J[j][k] for k in range(len(r0))) + (lam if i == j else 0) for j in range(n)] for i in range(n)]
        b = [-sum(J[i][k] * r0[k] for k in range(len(r0))) for i in range(n)]
        # gaussian elimination
        M = [row[:] + [bb] for row, bb in zip(A, b)]
        for c in range(n):
            piv = max(range(c, n), key=lambda r: abs(M[r][c]))
            M[c], M[piv] = M[piv], M[c]
            if abs(M[c][c]) < 1e-12: continue
            for r in range(n):
                if r != c:
                    f = M[r][c] / M[c][c]
                    M[r] = [a - f * bq for a, bq in zip(M[r], M[c])]
        dx = [M[i][n] / M[i][i] if abs(M[i][i]) > 1e-12 else 0 for i in range(n)]
        step = max(abs(d) for d in dx) if dx else 0
        if step > 10: dx = [d * 10 / step for d in dx]
        for name, d in zip(free, dx):
            pose[name] = pose.get(name, 0.0) + d
        if step < 1e-4: break
    err = residuals(pts(pose))
    return {k: round(v, 1) for k, v in pose.items()}, max(abs(e) for e in err) if err else 0
