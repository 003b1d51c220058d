// The graph's uniqueness constraints and indexes (docs/graph-model.md); declared only here.
// Answers: nothing; installs the schema. Parameters: none.
// Idempotent (IF NOT EXISTS): run by tracker.graph.schema.install, i.e. `tracker db init`,
// `make run` and the test fixture. One statement per `;`.

// Identity: one node per key.
CREATE CONSTRAINT satker_code IF NOT EXISTS FOR (n:Satker) REQUIRE n.code IS UNIQUE;
CREATE CONSTRAINT rka_uid IF NOT EXISTS FOR (n:Rka) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT finding_uid IF NOT EXISTS FOR (n:Finding) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT program_uid IF NOT EXISTS FOR (n:Program) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT sasaran_program_uid IF NOT EXISTS FOR (n:SasaranProgram) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT indikator_kinerja_program_uid IF NOT EXISTS FOR (n:IndikatorKinerjaProgram) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT kegiatan_uid IF NOT EXISTS FOR (n:Kegiatan) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT indikator_kinerja_kegiatan_uid IF NOT EXISTS FOR (n:IndikatorKinerjaKegiatan) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT output_uid IF NOT EXISTS FOR (n:Output) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT indikator_output_uid IF NOT EXISTS FOR (n:IndikatorOutput) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT link_decision_uid IF NOT EXISTS FOR (n:LinkDecision) REQUIRE n.uid IS UNIQUE;

// A satker-year's documents, and its whole plan (the loader deletes a plan through :Plan).
CREATE INDEX rka_satker_year IF NOT EXISTS FOR (n:Rka) ON (n.satker, n.year);
CREATE INDEX plan_satker_year IF NOT EXISTS FOR (n:Plan) ON (n.satker, n.year);

// Local questions filter on (satker, year); national questions group by code.
CREATE INDEX program_satker_year IF NOT EXISTS FOR (n:Program) ON (n.satker, n.year);
CREATE INDEX program_code IF NOT EXISTS FOR (n:Program) ON (n.code);
CREATE INDEX sasaran_program_satker_year IF NOT EXISTS FOR (n:SasaranProgram) ON (n.satker, n.year);
CREATE INDEX sasaran_program_code IF NOT EXISTS FOR (n:SasaranProgram) ON (n.code);
CREATE INDEX indikator_kinerja_program_satker_year IF NOT EXISTS FOR (n:IndikatorKinerjaProgram) ON (n.satker, n.year);
CREATE INDEX indikator_kinerja_program_code IF NOT EXISTS FOR (n:IndikatorKinerjaProgram) ON (n.code);
CREATE INDEX kegiatan_satker_year IF NOT EXISTS FOR (n:Kegiatan) ON (n.satker, n.year);
CREATE INDEX kegiatan_code IF NOT EXISTS FOR (n:Kegiatan) ON (n.code);
CREATE INDEX indikator_kinerja_kegiatan_satker_year IF NOT EXISTS FOR (n:IndikatorKinerjaKegiatan) ON (n.satker, n.year);
CREATE INDEX indikator_kinerja_kegiatan_code IF NOT EXISTS FOR (n:IndikatorKinerjaKegiatan) ON (n.code);
CREATE INDEX output_satker_year IF NOT EXISTS FOR (n:Output) ON (n.satker, n.year);
CREATE INDEX output_code IF NOT EXISTS FOR (n:Output) ON (n.code);
CREATE INDEX indikator_output_satker_year IF NOT EXISTS FOR (n:IndikatorOutput) ON (n.satker, n.year);
CREATE INDEX indikator_output_code IF NOT EXISTS FOR (n:IndikatorOutput) ON (n.code);

// People's link decisions are re-applied per satker-year after every (re)link (tracker.trace.decisions).
CREATE INDEX link_decision_satker_year IF NOT EXISTS FOR (n:LinkDecision) ON (n.satker, n.year);
