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
CREATE CONSTRAINT output_program_uid IF NOT EXISTS FOR (n:OutputProgram) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT indikator_output_program_uid IF NOT EXISTS FOR (n:IndikatorOutputProgram) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT sasaran_kegiatan_uid IF NOT EXISTS FOR (n:SasaranKegiatan) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT kro_uid IF NOT EXISTS FOR (n:Kro) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT indikator_kro_uid IF NOT EXISTS FOR (n:IndikatorKro) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT link_decision_uid IF NOT EXISTS FOR (n:LinkDecision) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT realisasi_uid IF NOT EXISTS FOR (n:Realisasi) REQUIRE n.uid IS UNIQUE;

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
// The RSPP levels (TA 2021 on); a KRO's code groups ROs across satkers.
CREATE INDEX output_program_satker_year IF NOT EXISTS FOR (n:OutputProgram) ON (n.satker, n.year);
CREATE INDEX output_program_code IF NOT EXISTS FOR (n:OutputProgram) ON (n.code);
CREATE INDEX indikator_output_program_satker_year IF NOT EXISTS FOR (n:IndikatorOutputProgram) ON (n.satker, n.year);
CREATE INDEX indikator_output_program_code IF NOT EXISTS FOR (n:IndikatorOutputProgram) ON (n.code);
CREATE INDEX sasaran_kegiatan_satker_year IF NOT EXISTS FOR (n:SasaranKegiatan) ON (n.satker, n.year);
CREATE INDEX sasaran_kegiatan_code IF NOT EXISTS FOR (n:SasaranKegiatan) ON (n.code);
CREATE INDEX kro_satker_year IF NOT EXISTS FOR (n:Kro) ON (n.satker, n.year);
CREATE INDEX kro_code IF NOT EXISTS FOR (n:Kro) ON (n.code);
CREATE INDEX indikator_kro_satker_year IF NOT EXISTS FOR (n:IndikatorKro) ON (n.satker, n.year);
CREATE INDEX indikator_kro_code IF NOT EXISTS FOR (n:IndikatorKro) ON (n.code);
CREATE INDEX output_kro IF NOT EXISTS FOR (n:Output) ON (n.kro);

// People's link decisions are re-applied per satker-year after every (re)link (tracker.trace.decisions).
CREATE INDEX link_decision_satker_year IF NOT EXISTS FOR (n:LinkDecision) ON (n.satker, n.year);
// National questions filter one year across every satker (Nasional, its chart by year).
CREATE INDEX program_year IF NOT EXISTS FOR (n:Program) ON (n.year);
CREATE INDEX kegiatan_year IF NOT EXISTS FOR (n:Kegiatan) ON (n.year);
CREATE INDEX output_year IF NOT EXISTS FOR (n:Output) ON (n.year);
CREATE INDEX indikator_kinerja_program_year IF NOT EXISTS FOR (n:IndikatorKinerjaProgram) ON (n.year);
// National decisions (one per pair of texts) are read on every (re)link.
CREATE INDEX link_decision_scope IF NOT EXISTS FOR (n:LinkDecision) ON (n.scope);

// Realisation (issue 13) is read per satker-year and joined to its Output by code.
CREATE INDEX realisasi_satker_year IF NOT EXISTS FOR (n:Realisasi) ON (n.satker, n.year);

// The kertas kerja workbook (issue 12): its records, and its cost tree, found per satker-year
// (deleted through :Cost) and joined to the plan's Output by RO code.
CREATE CONSTRAINT kertas_kerja_uid IF NOT EXISTS FOR (n:KertasKerja) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT komponen_uid IF NOT EXISTS FOR (n:Komponen) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT akun_uid IF NOT EXISTS FOR (n:Akun) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT detail_uid IF NOT EXISTS FOR (n:Detail) REQUIRE n.uid IS UNIQUE;
CREATE INDEX kertas_kerja_satker_year IF NOT EXISTS FOR (n:KertasKerja) ON (n.satker, n.year);
CREATE INDEX cost_satker_year IF NOT EXISTS FOR (n:Cost) ON (n.satker, n.year);
CREATE INDEX komponen_ro IF NOT EXISTS FOR (n:Komponen) ON (n.satker, n.year, n.ro_code);
