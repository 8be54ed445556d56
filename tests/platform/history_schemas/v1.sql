-- The history file as DeskStretch wrote it at schema version 1, with one record of
-- every kind (tests/platform/history_samples.py: one_of_each(2026-03-02)).
-- test_history_db_schemas.py opens a file built from this and reads them all back.
PRAGMA user_version = 1;
BEGIN TRANSACTION;
CREATE TABLE records ( id INTEGER PRIMARY KEY, kind TEXT NOT NULL, at TEXT NOT NULL, day TEXT NOT NULL, data TEXT NOT NULL);
INSERT INTO "records" VALUES(1,'span','2026-03-02T08:00:00.000000+00:00','2026-03-02','{"ended":"2026-03-02T09:00:00.000000+00:00","reason":"","span":"active"}');
INSERT INTO "records" VALUES(2,'break','2026-03-02T09:00:00.000000+00:00','2026-03-02','{"due":"2026-03-02T09:00:00.000000+00:00","end":"completed","ended":"2026-03-02T09:04:00.000000+00:00","long":false,"reason":"scheduled","stretches":[{"outcome":"completed","phase":"done","reps":2,"reps_done":2,"sides_done":4,"stretch_id":"neck-tilt"},{"outcome":"skipped","phase":"ready","reps":2,"reps_done":0,"sides_done":0,"stretch_id":"wrist-flex"}]}');
INSERT INTO "records" VALUES(3,'micro','2026-03-02T09:20:00.000000+00:00','2026-03-02','{"cue_id":"look-away","end":"done"}');
INSERT INTO "records" VALUES(4,'snooze','2026-03-02T09:30:00.000000+00:00','2026-03-02','{"snoozed":"stretch","until":"2026-03-02T09:35:00.000000+00:00"}');
INSERT INTO "records" VALUES(5,'span','2026-03-02T10:00:00.000000+00:00','2026-03-02','{"ended":"2026-03-02T11:00:00.000000+00:00","reason":"camera","span":"hold"}');
INSERT INTO "records" VALUES(6,'flexcheck','2026-03-02T11:05:00.000000+00:00','2026-03-02','{"level":"mid-shin"}');
INSERT INTO "records" VALUES(7,'break','2026-03-02T11:10:00.000000+00:00','2026-03-02','{"due":null,"end":"missed","ended":null,"long":true,"reason":"user","stretches":[]}');
INSERT INTO "records" VALUES(8,'restored','2026-03-02T12:00:00.000000+00:00','2026-03-02','{"stretch_id":"neck-tilt"}');
CREATE INDEX records_day ON records(day);
COMMIT;
