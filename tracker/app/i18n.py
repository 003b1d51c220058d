"""Every word the dashboard shows, in Bahasa Indonesia (the users' language) and English.

Pages never hold UI text; they ask ``t("key", **values)``. Domain nouns (Program, Kegiatan,
Output, Sasaran, Indikator, Satker, Angka Dasar, Jumlah) stay Indonesian in both languages:
they are the names on the paper documents. The language is chosen in the sidebar and kept in
session state.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

Language = Literal["id", "en"]
LANGUAGES: dict[Language, str] = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT: Language = "id"
STATE_KEY = "lang"

# key: (Bahasa Indonesia, English)
STRINGS: dict[str, tuple[str, str]] = {
    # --- app shell ----------------------------------------------------------------------
    "app.title": ("Pelacak Kinerja Anggaran", "Budget Performance Tracker"),
    "app.subtitle": (
        "RKA Satker: dari anggaran ke indikator kinerja",
        "RKA Satker: from budget to performance indicators",
    ),
    "page.ringkasan": ("Ringkasan", "Overview"),
    "page.keterlacakan": ("Keterlacakan", "Traceability"),
    "page.cakupan": ("Cakupan", "Coverage"),
    "page.graf": ("Graf", "Graph"),
    "page.nasional": ("Nasional", "National"),
    "page.muat": ("Muat dokumen", "Load document"),
    "page.audit": ("Audit", "Audit"),
    "page.kinerja": ("Kinerja", "Performance"),
    "page.tinjauan": ("Tinjauan nasional", "National review"),
    "page.tahunan": ("Antar tahun", "Years side by side"),
    "nav.section.satker": ("Satker", "Satker"),
    "nav.section.all": ("Semua satker", "All satkers"),
    "nav.section.data": ("Data", "Data"),
    "sidebar.language": ("Bahasa", "Language"),
    "sidebar.year": ("Tahun anggaran", "Budget year"),
    "sidebar.satker": ("Satker", "Satker"),
    "sidebar.no_satker": ("Belum ada satker untuk tahun ini.", "No satker for this year yet."),
    "sidebar.mode_local": ("Mode lokal (satu pengguna)", "Local mode (single user)"),
    "sidebar.user": ("Pengguna: **{user}**", "User: **{user}**"),
    "sidebar.mode_help": (
        "Tanpa login: semua tindakan dicatat atas nama akun sistem ini.",
        "No sign-in: every action is recorded under this system account.",
    ),
    "sidebar.database": ("Basis data: `{uri}`", "Database: `{uri}`"),
    # --- sign-in and roles (tracker/app/auth.py) ----------------------------------------------
    "auth.signin.title": ("Masuk", "Sign in"),
    "auth.signin.body": (
        "Aplikasi ini dipakai bersama: masuklah dengan akun kantor Anda. Hak Anda (membaca, "
        "memutuskan tautan, memuat dokumen, audit) mengikuti peran yang diberikan administrator.",
        "This app is shared: sign in with your office account. What you may do (read, decide "
        "links, load documents, audit) follows the role an administrator gave you.",
    ),
    "auth.signin.button": ("Masuk dengan akun kantor", "Sign in with your office account"),
    "auth.signin.with": ("Masuk dengan {provider}", "Sign in with {provider}"),
    "auth.signout": ("Keluar", "Sign out"),
    "auth.role": ("Peran: **{role}**", "Role: **{role}**"),
    "auth.refused.title": ("Akses ditolak", "Access refused"),
    "auth.refused.body": (
        "Anda sudah masuk, tetapi belum mempunyai peran di aplikasi ini: {reason}",
        "You are signed in but have no role in this app: {reason}",
    ),
    "auth.config.title": ("Pengaturan masuk keliru", "Sign-in is misconfigured"),
    "auth.unsafe.title": (
        "Mode lokal tidak dilayani di alamat jaringan",
        "Local mode is not served on a network address",
    ),
    "role.viewer": ("Pembaca", "Viewer"),
    "role.perencana": ("Perencana", "Planner"),
    "role.perencana_pusat": ("Perencana pusat", "Central planner"),
    "role.auditor": ("Auditor", "Auditor"),
    "role.admin": ("Admin", "Admin"),
    # --- screens -------------------------------------------------------------------------
    "unreachable.title": ("Basis data tidak dapat dihubungi", "The database cannot be reached"),
    "unreachable.body": (
        "Aplikasi tidak dapat terhubung ke Neo4j di `{uri}`.\n\n"
        "Periksa:\n"
        "- server berjalan: `tracker db start` (server lokal proyek), atau server bersama "
        "yang ditunjuk `NEO4J_URI` dapat dijangkau dari mesin ini;\n"
        "- nama pengguna dan kata sandi (`NEO4J_USER`, `NEO4J_PASSWORD`) benar;\n"
        "- port `{port}` tidak diblokir firewall.",
        "The app cannot connect to Neo4j at `{uri}`.\n\n"
        "Check that:\n"
        "- the server is running: `tracker db start` (the project's local server), or the "
        "shared server named by `NEO4J_URI` is reachable from this machine;\n"
        "- the user name and password (`NEO4J_USER`, `NEO4J_PASSWORD`) are right;\n"
        "- port `{port}` is not blocked by a firewall.",
    ),
    "unreachable.detail": ("Rincian teknis: {detail}", "Technical detail: {detail}"),
    "unreachable.retry": ("Coba lagi", "Try again"),
    "firstrun.title": ("Selamat datang", "Welcome"),
    "firstrun.body": (
        "Basis data masih kosong. Muat dokumen RKA contoh dari folder `seeds/` "
        "({count} berkas) dengan satu klik, atau unggah RKA Anda sendiri di halaman "
        "**Muat dokumen**.\n\nDari baris perintah: `tracker load seeds/`.",
        "The database is empty. Load the example RKA documents from `seeds/` ({count} files) "
        "with one click, or upload your own RKA on the **Load document** page.\n\n"
        "From the command line: `tracker load seeds/`.",
    ),
    "firstrun.button": ("Muat contoh dari seeds/", "Load the examples from seeds/"),
    "firstrun.no_seeds": ("Folder `seeds/` tidak berisi berkas .txt.", "`seeds/` holds no .txt."),
    "firstrun.loading": ("Memuat {name} …", "Loading {name} …"),
    "firstrun.done": ("{count} dokumen dimuat.", "{count} documents loaded."),
    "firstrun.failed": ("Gagal memuat: {error}", "Loading failed: {error}"),
    "select.prompt": (
        "Pilih tahun dan satker di panel samping.",
        "Choose a year and a satker in the sidebar.",
    ),
    "select.workbook_only": (
        "hanya Kertas Kerja: Bagian A belum dimuat",
        "Kertas Kerja only: Bagian A not loaded yet",
    ),
    "select.workbook_only_help": (
        "Satker-tahun ini baru memiliki Rincian Kertas Kerja (Bagian B). RO-nya tampil dengan "
        "rincian biayanya, tetapi belum melayani indikator apa pun sampai Bagian A (RKA Satker) "
        "dimuat.",
        "This satker-year has only its Rincian Kertas Kerja (Bagian B). Its ROs are shown with "
        "their cost build-up, but serve no indicator until the Bagian A (RKA Satker) is loaded.",
    ),
    "denied": (
        "Anda tidak berhak melakukan tindakan ini.",
        "You are not allowed to do this.",
    ),
    # --- tables and exports --------------------------------------------------------------
    "export.csv": ("CSV", "CSV"),
    "export.xlsx": ("Excel", "Excel"),
    "table.empty": ("Tidak ada baris.", "No rows."),
    # --- column names (shared) -----------------------------------------------------------
    "col.level": ("Tingkat", "Level"),
    "col.code": ("Kode", "Code"),
    "col.name": ("Uraian", "Description"),
    "col.text": ("Uraian", "Text"),
    "col.angka_dasar": ("Angka Dasar", "Angka Dasar"),
    "col.inisiatif_baru": ("Inisiatif Baru", "Inisiatif Baru"),
    "col.jumlah": ("Jumlah", "Jumlah"),
    "col.volume": ("Volume", "Volume"),
    "col.count": ("Jumlah butir", "Count"),
    "col.satker": ("Satker", "Satker"),
    "col.satker_name": ("Nama satker", "Satker name"),
    "col.province": ("Provinsi", "Province"),
    "col.program": ("Program", "Program"),
    "col.kegiatan": ("Kegiatan", "Kegiatan"),
    "col.output": ("Output", "Output"),
    "col.indicator": ("Indikator", "Indikator"),
    "col.status": ("Status", "Status"),
    "col.method": ("Metode", "Method"),
    "col.score": ("Skor", "Score"),
    "col.decided_by": ("Diputuskan oleh", "Decided by"),
    "col.decided_at": ("Waktu keputusan", "Decided at"),
    "col.path": ("Jalur", "Path"),
    "col.reason": ("Alasan", "Reason"),
    "col.from": ("Dari", "From"),
    "col.to": ("Ke", "To"),
    "col.rule": ("Aturan", "Rule"),
    "col.severity": ("Tingkat", "Severity"),
    "col.message": ("Pesan", "Message"),
    "col.line": ("Baris", "Line"),
    "col.revision": ("Revisi", "Revision"),
    "col.file": ("Berkas", "File"),
    "col.loaded_at": ("Dimuat", "Loaded"),
    "col.current": ("Berlaku", "Current"),
    "col.changes": ("Perubahan", "Changes"),
    "col.coverage": ("Cakupan", "Coverage"),
    "col.indicators": ("Indikator", "Indicators"),
    "col.satkers": ("Jumlah satker", "Satkers"),
    "col.satker_years": ("Satker-tahun", "Satker-years"),
    "col.origin": ("Asal status", "Status from"),
    "col.outputs": ("Output", "Outputs"),
    "col.property": ("Properti", "Property"),
    "col.value": ("Nilai", "Value"),
    "col.relationship": ("Relasi", "Relationship"),
    "col.direction": ("Arah", "Direction"),
    "col.other": ("Simpul lain", "Other node"),
    # --- levels, statuses ----------------------------------------------------------------
    "level.Program": ("Program", "Program"),
    "level.SasaranProgram": ("Sasaran Program", "Sasaran Program"),
    "level.IndikatorKinerjaProgram": ("IKP", "IKP"),
    "level.Kegiatan": ("Kegiatan", "Kegiatan"),
    "level.IndikatorKinerjaKegiatan": ("IKK", "IKK"),
    "level.Output": ("Output", "Output"),
    "level.IndikatorOutput": ("Indikator Output", "Indikator Output"),
    "level.OutputProgram": ("Output Program", "Program output"),
    "level.IndikatorOutputProgram": ("Indikator Output Program", "Program output indicator"),
    "level.SasaranKegiatan": ("Sasaran Kegiatan", "Sasaran Kegiatan (activity goal)"),
    "level.Kro": ("KRO", "KRO (output classification)"),
    "level.IndikatorKro": ("Indikator KRO", "KRO indicator"),
    "status.confirmed": ("dikonfirmasi", "confirmed"),
    "status.suggested": ("usulan", "suggested"),
    "status.rejected": ("ditolak", "rejected"),
    "status.structural": ("struktural", "structural"),
    "method.exact": ("sama persis", "exact"),
    "method.normalized": ("sama setelah dinormalkan", "normalized"),
    "method.fuzzy": ("mirip (fuzzy)", "fuzzy"),
    "method.manual": ("manual", "manual"),
    "method.structural": ("struktural", "structural"),
    "coverage.covered": ("tercakup", "covered"),
    "coverage.suggested": ("tercakup (usulan)", "covered (suggested)"),
    "coverage.structural": ("hanya struktural", "structural only"),
    "coverage.uncovered": ("tidak tercakup", "uncovered"),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
    # --- Ringkasan -----------------------------------------------------------------------
    "ringkasan.header": ("{name} ({code}) — TA {year}", "{name} ({code}) — FY {year}"),
    "ringkasan.document": (
        "Revisi {revision} · {file} · dimuat {loaded_at} · {pages} halaman",
        "Revision {revision} · {file} · loaded {loaded_at} · {pages} pages",
    ),
    "ringkasan.signed": (
        "Ditandatangani {place}, {date} oleh {name} (NIP {nip})",
        "Signed {place}, {date} by {name} (NIP {nip})",
    ),
    "ringkasan.totals": ("Total anggaran", "Budget totals"),
    "ringkasan.counts": ("Jumlah butir per tingkat", "Items per level"),
    "ringkasan.coverage": ("Cakupan", "Coverage"),
    "ringkasan.coverage_ind": ("IKP dan IKK terlayani lewat tautan", "IKP and IKK served by links"),
    "ringkasan.coverage_ind_help": (
        "IKP dan IKK yang dilayani output berdana melalui tautan (dikonfirmasi atau usulan), "
        "bukan hanya melalui hierarki.",
        "IKP and IKK served by a funded output through links (confirmed or suggested), not "
        "only through the hierarchy.",
    ),
    "ringkasan.coverage_rp": (
        "Anggaran output yang melayani indikator",
        "Output budget serving indicators",
    ),
    "ringkasan.coverage_rp_help": (
        "Jumlah output yang indikatornya tertaut ke sebuah IKK, dari total Jumlah output "
        "({total}).",
        "Jumlah of outputs whose indicators are linked to an IKK, out of all outputs' Jumlah "
        "({total}).",
    ),
    "ringkasan.findings": ("Temuan parser", "Parser findings"),
    "ringkasan.no_findings": (
        "Tidak ada temuan: angka dan struktur dokumen konsisten.",
        "No findings: the document's figures and structure are consistent.",
    ),
    "ringkasan.revisions": ("Riwayat revisi", "Revision history"),
    "ringkasan.changes": (
        "+{added} output, −{removed} output, {changed} berubah; Δ Jumlah output {delta}",
        "+{added} outputs, −{removed} outputs, {changed} changed; Δ outputs' Jumlah {delta}",
    ),
    "ringkasan.first_revision": ("revisi pertama", "first revision"),
    "ringkasan.delete": ("Hapus dokumen (admin)", "Delete document (admin)"),
    "ringkasan.delete_help": (
        "Menghapus rencana satker-tahun ini, semua catatan revisinya dan temuannya. Keputusan "
        "tautan tetap disimpan, sehingga memuat ulang dokumen memulihkannya.",
        "Removes this satker-year's plan, every revision's record and its findings. Link "
        "decisions are kept, so loading the document again restores them.",
    ),
    "ringkasan.delete_confirm": (
        "Saya yakin: hapus satker {code} TA {year}",
        "I am sure: delete satker {code}, year {year}",
    ),
    "ringkasan.delete_button": ("Hapus", "Delete"),
    "ringkasan.deleted": (
        "Satker {code} TA {year} dihapus ({nodes} simpul).",
        "Satker {code}, year {year} deleted ({nodes} nodes).",
    ),
    # --- Keterlacakan --------------------------------------------------------------------
    "trace.title": ("Keterlacakan", "Traceability"),
    "trace.intro": (
        "Pohon Program → Sasaran → IKP, Kegiatan → IKK, Output → Indikator Output, "
        "dengan anggaran pada setiap butir berdana.",
        "The tree Program → Sasaran → IKP, Kegiatan → IKK, Output → Indikator Output, "
        "with money on every funded item.",
    ),
    "trace.tree": ("Pohon rencana", "Plan tree"),
    "trace.all_links": ("Semua tautan", "All links"),
    "trace.other_routes": ("Jalur lain yang lebih lemah", "Other, weaker routes"),
    "trace.pick": ("Pilih indikator", "Choose an indicator"),
    "trace.pick_help": (
        "Ketik kode atau sebagian uraian untuk mencari.",
        "Type a code or part of the text to search.",
    ),
    "trace.served_by": ("Output berdana yang melayani {code}", "Funded outputs serving {code}"),
    "trace.none": (
        "Belum ada output berdana yang melayani indikator ini.",
        "No funded output serves this indicator yet.",
    ),
    "trace.total": ("Total Jumlah output yang melayani: {total}", "Total Jumlah serving: {total}"),
    "trace.links": ("Tautan dan buktinya", "Links and their evidence"),
    "trace.no_suggested": (
        "Belum ada tautan untuk indikator ini.",
        "No links for this indicator yet.",
    ),
    "trace.confirm": ("Konfirmasi", "Confirm"),
    "trace.reject": ("Tolak", "Reject"),
    "trace.decided": (
        "Tautan {source} → {target} {status} oleh {user}.",
        "Link {source} → {target} {status} by {user}.",
    ),
    "trace.add": ("Tambah tautan yang hilang", "Add a missing link"),
    "trace.add_button": ("Tambah tautan", "Add link"),
    "trace.add_none": (
        "Tidak ada indikator lain pada cabang ini yang bisa ditautkan.",
        "No other indicator on this branch can be linked.",
    ),
    "trace.decision_failed": ("Keputusan tidak tersimpan: {error}", "Decision not saved: {error}"),
    # --- national decisions and the review queue --------------------------------------------
    "trace.scope": ("Berlaku untuk", "Applies to"),
    "trace.scope.local": ("Satker-tahun ini", "This satker-year"),
    "trace.scope.national": ("Nasional", "National"),
    "trace.scope_help": (
        "Nasional: pasangan teks yang sama (kode pemilik yang sama) di setiap satker dan setiap "
        "tahun, termasuk dokumen yang dimuat kemudian. Keputusan lokal yang lebih baru tetap "
        "menang di satker-tahunnya.",
        "National: the same pair of texts (same owner codes) in every satker and every year, "
        "including documents loaded later. A later local decision still wins in its "
        "satker-year.",
    ),
    "trace.national_preview": (
        "Keputusan nasional akan berlaku di {n} satker-tahun.",
        "A national decision will reach {n} satker-years.",
    ),
    "trace.national_done": (
        "Berlaku nasional di {n} satker-tahun.",
        "Applied nationally in {n} satker-years.",
    ),
    "origin.matcher": ("usulan pencocok", "proposed by the matcher"),
    "origin.local": (
        "keputusan lokal oleh {who}, {when} ({where})",
        "local decision by {who}, {when} ({where})",
    ),
    "origin.national": (
        "keputusan nasional oleh {who}, {when}, dibuat di {where}",
        "national decision by {who}, {when}, made in {where}",
    ),
    "tinjauan.title": ("Tinjauan nasional", "National review"),
    "tinjauan.intro": (
        "Pasangan indikator yang masih berstatus usulan di semua satker, satu baris per "
        "pasangan teks, diurutkan menurut Jumlah di belakangnya. Konfirmasi atau tolak di sini "
        "berlaku nasional: untuk setiap satker-tahun yang memuat pasangan itu.",
        "Indicator pairs still only suggested across all satkers, one row per pair of texts, "
        "ranked by the Jumlah behind them. Confirming or rejecting here is national: it applies "
        "to every satker-year holding the pair.",
    ),
    "tinjauan.all_years": ("Semua tahun", "Every year"),
    "tinjauan.pairs": ("Pasangan menunggu", "Pairs waiting"),
    "tinjauan.jumlah": ("Jumlah di belakangnya", "Jumlah behind them"),
    "tinjauan.satker_years": ("Tautan menunggu", "Links waiting"),
    "tinjauan.empty": ("Tidak ada usulan yang menunggu.", "No suggestion is waiting."),
    "tinjauan.read_only": (
        "Keputusan nasional memerlukan peran perencana pusat atau admin.",
        "National decisions need the central planner or admin role.",
    ),
    "tinjauan.held_by": ("di {n} satker-tahun", "in {n} satker-years"),
    "tinjauan.decided": (
        "{owner} → {target}: {status} secara nasional, di {n} satker-tahun.",
        "{owner} → {target}: {status} nationally, in {n} satker-years.",
    ),
    "tinjauan.table": ("Antrean tinjauan", "Review queue"),
    # --- the matcher's reasons (stored in English; tracker.app.deciding.localize_reason) ------
    "reason.cut_one": (
        "satu teks adalah potongan teks lainnya, satu-satunya kandidat",
        "one text is a cut copy of the other, the only candidate",
    ),
    "reason.cut_many": (
        "potongan dari {n} kandidat: teks terpotong tidak dapat membedakannya",
        "a cut copy of {n} candidates: the cut text cannot tell them apart",
    ),
    "reason.inserted": (
        "teks yang sama kecuali satu kata sisipan '{word}'",
        "the same text but for one inserted word '{word}'",
    ),
    "reason.similar": ("teks mirip ({score})", "similar texts ({score})"),
    "reason.opening": (
        "kata-kata pembukanya sama ({words}), lalu teksnya berbeda (cetakan memotong teks "
        "sekitar 60 karakter)",
        "opening words agree ({words}), then the texts diverge (prints cut texts at ~60 "
        "characters)",
    ),
    "reason.initials": (
        "teksnya sama bila singkatan dibaca dari huruf awalnya: {read}",
        "the texts agree reading {read} (its initials)",
    ),
    "reason.read_as": ("'{acronym}' = '{words}'", "'{acronym}' as '{words}'"),
    "reason.only": ("satu-satunya kandidat", "the only candidate"),
    "reason.many": (
        "cocok dengan {n} kandidat: seseorang memilih",
        "fits {n} candidates: a person picks",
    ),
    "reason.name": (
        "RO tidak mencantumkan indikator; setiap kata namanya ({words}) ada di IKK",
        "the RO lists no indicator; every word of its name ({words}) is in the IKK",
    ),
    "reason.precedent_previous": (
        "preseden: dikonfirmasi pada tahun sebelumnya di satker ini ({year})",
        "precedent: confirmed in this satker's previous year ({year})",
    ),
    "reason.precedent_previous_more": (
        "preseden: dikonfirmasi pada tahun sebelumnya di satker ini ({year}) dan di {n} "
        "satker-tahun lain",
        "precedent: confirmed in this satker's previous year ({year}) and in {n} other "
        "satker-years",
    ),
    "reason.precedent_others": (
        "preseden: dikonfirmasi di {n} satker-tahun lain (mis. {example})",
        "precedent: confirmed in {n} other satker-years (e.g. {example})",
    ),
    # --- computed totals ---------------------------------------------------------------------
    "ringkasan.total_help": (
        "Jumlah seluruh output: {exact}.",
        "Sum over all outputs: {exact}.",
    ),
    "ringkasan.stated_differs": (
        "Dokumen menuliskan {stated}: angka tertulis tidak cocok dengan jumlah outputnya.",
        "The document states {stated}: the stated figure does not match its outputs' sum.",
    ),
    "ringkasan.stated_short": ("tertulis {stated}", "stated {stated}"),
    "ringkasan.totals_flag": (
        "Total tertulis di dokumen berbeda dari jumlah outputnya (ditampilkan): {items}.",
        "The document's stated totals differ from its outputs' sums (shown): {items}.",
    ),
    "nasional.stated": ("Jumlah tertulis (bila beda)", "Stated Jumlah (if different)"),
    # --- years side by side ------------------------------------------------------------------
    "tahunan.title": ("Antar tahun", "Years side by side"),
    "tahunan.intro": (
        "Semua tahun anggaran satker ini berdampingan: anggaran (jumlah output), cakupan, tautan "
        "dan, bila ada, kinerja; per tahun dan per kode IKP, dengan perubahan dari tahun ke tahun.",
        "Every budget year of this satker side by side: budget (outputs' sum), coverage, links "
        "and, where available, performance; per year and per IKP code, with the change from "
        "year to year.",
    ),
    "tahunan.year": ("Tahun", "Year"),
    "tahunan.years": ("Per tahun", "Per year"),
    "tahunan.ikp": ("Per kode IKP", "Per IKP code"),
    "tahunan.change": ("Perubahan", "Change"),
    "tahunan.served": ("IKP dan IKK terlayani", "IKP and IKK served"),
    "tahunan.performance": ("Kinerja", "Performance"),
    "tahunan.count": ("Tahun dimuat", "Years loaded"),
    "tahunan.latest": ("Jumlah {year}", "Jumlah {year}"),
    "tahunan.series.jumlah": ("Jumlah output", "Outputs' Jumlah"),
    "tahunan.series.jumlah_linked": ("Melayani IKK lewat tautan", "Serving an IKK via a link"),
    "nasional.by_year": ("Per tahun", "By year"),
    "audit.type.int": ("bilangan bulat", "whole number"),
    "audit.type.float": ("bilangan", "number"),
    "audit.type.str": ("teks", "text"),
    "audit.type.bool": ("ya/tidak", "yes/no"),
    # --- Cakupan -------------------------------------------------------------------------
    "cakupan.title": ("Cakupan", "Coverage"),
    "cakupan.uncovered": ("Indikator tidak tercakup", "Uncovered indicators"),
    "cakupan.structural": ("Indikator yang hanya tercakup struktural", "Structurally covered only"),
    "cakupan.unserving": ("Output yang tidak melayani indikator", "Outputs serving no indicator"),
    "cakupan.budget": ("Anggaran per indikator", "Budget per indicator"),
    "cakupan.sankey": (
        "Aliran dana Program → Kegiatan → Output → Indikator",
        "Money flow Program → Kegiatan → Output → Indikator",
    ),
    "cakupan.sankey_unlinked": ("(tanpa indikator)", "(no indicator)"),
    "cakupan.sankey_table": ("Aliran sebagai tabel", "The flows as a table"),
    "cakupan.split": ("Bagi output bersama", "Split shared outputs"),
    "cakupan.split_help": (
        "Mati: setiap indikator dihitung dengan Jumlah penuh output yang melayaninya (bisa "
        "tumpang tindih). Hidup: Jumlah output dibagi rata di antara indikator yang "
        "dilayaninya, sehingga totalnya dapat dijumlahkan.",
        "Off: each indicator counts the full Jumlah of the outputs serving it (these overlap). "
        "On: an output's Jumlah is divided equally among the indicators it serves, so the "
        "totals add up.",
    ),
    "cakupan.split_col": ("Jumlah (dibagi)", "Jumlah (split)"),
    "cakupan.reason.none": ("tidak punya indikator sendiri", "has no indicator of its own"),
    "cakupan.reason.nomatch": (
        "indikatornya tidak cocok dengan IKK kegiatannya",
        "its indicators match no IKK of its kegiatan",
    ),
    "cakupan.all_covered": ("Tidak ada.", "None."),
    # --- Graf ----------------------------------------------------------------------------
    "graf.title": ("Graf", "Graph"),
    "graf.program": ("Program", "Program"),
    "graf.all_programs": ("Semua program", "All programs"),
    "graf.levels": ("Tingkat yang ditampilkan", "Levels shown"),
    "graf.rejected": ("Tampilkan tautan yang ditolak", "Show rejected links"),
    "graf.size": ("{nodes} simpul, {edges} sisi", "{nodes} nodes, {edges} edges"),
    "graf.too_big": (
        "Tampilan ini memuat {count} elemen (batas {limit}). Pilih satu program atau kurangi "
        "tingkat yang ditampilkan.",
        "This view has {count} elements (limit {limit}). Choose one program or show fewer levels.",
    ),
    "graf.legend": (
        "Warna: tingkat rencana; indikator hijau = tercakup, hijau muda = tercakup lewat "
        "tautan usulan, kuning = hanya struktural, merah = tidak tercakup. Klik simpul untuk "
        "melihat properti dan tautannya.",
        "Colours: plan level; indicators green = covered, light green = covered through "
        "suggested links, amber = structural only, red = uncovered. Click a node to see its "
        "properties and links.",
    ),
    "graf.selected": ("Simpul terpilih: {name}", "Selected node: {name}"),
    "graf.click_hint": (
        "Klik simpul pada graf, atau pilih di sini.",
        "Click a node in the graph, or choose it here.",
    ),
    "graf.pick": ("Simpul", "Node"),
    # --- Nasional ------------------------------------------------------------------------
    "nasional.title": ("Nasional", "National"),
    "nasional.intro": (
        "Cakupan dan anggaran setiap satker pada TA {year}.",
        "Coverage and budget of every satker in FY {year}.",
    ),
    "nasional.satkers": ("Satker", "Satkers"),
    "nasional.total": ("Total Jumlah", "Total Jumlah"),
    "nasional.mean_cov": (
        "Rata-rata IKP dan IKK terlayani lewat tautan",
        "Mean share of IKP and IKK served by links",
    ),
    "nasional.linked_share": ("Terlayani lewat tautan", "Served by links"),
    "nasional.linked_rp": ("Anggaran output bertaut", "Linked output budget"),
    "nasional.linked_rp_share": ("% anggaran output bertaut", "% linked output budget"),
    "nasional.table": ("Satker berdampingan", "Satkers side by side"),
    "nasional.rollup": (
        "Anggaran per kode IKP lintas satker",
        "Budget per IKP code across satkers",
    ),
    "nasional.open": ("Buka satker", "Open satker"),
    "nasional.open_button": ("Buka di Ringkasan", "Open in Overview"),
    "nasional.filter": ("Saring (kode, nama, provinsi)", "Filter (code, name, province)"),
    # --- Muat ----------------------------------------------------------------------------
    "muat.title": ("Muat dokumen", "Load document"),
    "muat.intro": (
        "Unggah RKA Satker (Bagian A) sebagai teks atau PDF cetakan SAKTI (PDF hasil "
        "pindai tidak dapat dibaca), atau kertas kerja SAKTI. Hasil baca diperlihatkan dulu; "
        "basis data baru berubah setelah Anda menekan **Muat ke basis data**.",
        "Upload an RKA Satker (Bagian A) as text or as the PDF SAKTI prints (scanned PDFs "
        "cannot be read), or a SAKTI kertas kerja. The parse is shown first; the database "
        "changes only when you press **Load into the database**.",
    ),
    "muat.upload": (
        "Berkas RKA (.txt, .pdf) atau kertas kerja SAKTI (.xlsx, .xls)",
        "RKA file (.txt, .pdf) or SAKTI kertas kerja workbook (.xlsx, .xls)",
    ),
    "muat.too_large": (
        "{name}: {size:,} byte, lebih besar dari batas {limit:,} byte; tidak dibaca.",
        "{name}: {size:,} bytes, over the limit of {limit:,} bytes; not read.",
    ),
    # --- cost detail from the kertas kerja (tracker/app/costs.py) ----------------------------
    "cost.level.komponen": ("Komponen", "Komponen"),
    "cost.level.akun": ("Akun", "Akun"),
    "cost.level.detail": ("Detail", "Detail"),
    "cost.volume_price": ("Volume × harga satuan", "Volume × unit price"),
    "cost.blokir": ("Blokir", "Blocked (blokir)"),
    "cost.sumber_dana": ("Sumber dana", "Funding source"),
    "cost.costed": ("Jumlah kertas kerja", "Kertas kerja amount"),
    "cost.none": (
        "Belum ada kertas kerja (rincian biaya) untuk satker-tahun ini.",
        "No kertas kerja (cost detail) loaded for this satker-year yet.",
    ),
    "cost.build_up": ("Rincian biaya {output} — {name}", "Cost build-up of {output} — {name}"),
    "cost.blocked": ("terblokir {amount}", "{amount} blocked"),
    "cost.cakupan": (
        "Blokir dan sumber dana per RO dan per indikator",
        "Blocked money and funding sources per RO and per indicator",
    ),
    "cost.workbook": (
        "Kertas kerja revisi {revision} · {file} · dimuat {loaded_at}",
        "Kertas kerja revision {revision} · {file} · loaded {loaded_at}",
    ),
    "cost.unserving_ros": (
        "RO dari kertas kerja, belum melayani indikator",
        "ROs from the kertas kerja, serving no indicator yet",
    ),
    "muat.parse_error": ("Berkas tidak dapat dibaca: {error}", "The file cannot be read: {error}"),
    "muat.nothing_loaded": (
        "Tidak ada yang dimuat; basis data tidak berubah.",
        "Nothing was loaded; the database is unchanged.",
    ),
    "muat.preview": ("Hasil baca {file}", "Parse of {file}"),
    "muat.header": (
        "{satker} {name} · TA {year} · {pages} halaman",
        "{satker} {name} · FY {year} · {pages} pages",
    ),
    "muat.load": ("Muat ke basis data", "Load into the database"),
    "muat.loading": ("Memuat …", "Loading …"),
    "muat.loaded": (
        "Dimuat: {satker} TA {year}, revisi {revision}.",
        "Loaded: {satker} FY {year}, revision {revision}.",
    ),
    "muat.unchanged": (
        "Dokumen ini sudah dimuat (isi sama); tidak ada perubahan.",
        "This document is already loaded (same content); nothing changed.",
    ),
    "muat.load_failed": ("Gagal memuat: {error}", "Loading failed: {error}"),
    "muat.open": ("Buka di Ringkasan", "Open in Overview"),
    # --- Audit ---------------------------------------------------------------------------
    "audit.title": ("Audit", "Audit"),
    "audit.saved": ("Kueri tersimpan", "Saved queries"),
    "audit.console": ("Konsol Cypher", "Cypher console"),
    "audit.log": ("Catatan eksekusi", "Run log"),
    "audit.pick": ("Pilih kueri audit", "Choose an audit query"),
    "audit.none": ("Belum ada kueri audit.", "No audit queries yet."),
    "audit.run": ("Jalankan", "Run"),
    "audit.params": ("Parameter", "Parameters"),
    "audit.cypher": ("Cypher (hanya-baca)", "Cypher (read-only)"),
    "audit.params_json": ("Parameter (JSON)", "Parameters (JSON)"),
    "audit.bad_json": (
        "Parameter bukan JSON objek yang sah: {error}",
        "Parameters: bad JSON: {error}",
    ),
    "audit.failed": ("Kueri gagal: {error}", "Query failed: {error}"),
    "audit.server.gone": (
        "Kueri melewati batas waktu dan sudah dihentikan: server tidak lagi menjalankannya.",
        "The query ran past its time limit and was stopped: the server no longer runs it.",
    ),
    "audit.server.running": (
        "Kueri melewati batas waktu; konsol meminta server menghentikannya, tetapi server "
        "masih menjalankannya ({tx}). Beri tahu administrator basis data.",
        "The query ran past its time limit; the console asked the server to terminate it, "
        "but the server still runs it ({tx}). Tell the database administrator.",
    ),
    "audit.server.unknown": (
        "Kueri melewati batas waktu; konsol tidak dapat memeriksa apakah server sudah "
        "menghentikannya.",
        "The query ran past its time limit; the console could not check that the server "
        "stopped it.",
    ),
    "audit.rows": ("{rows} baris dalam {ms} ms", "{rows} rows in {ms} ms"),
    "audit.truncated": (
        "Hasil dipotong pada {cap} baris.",
        "Result truncated at {cap} rows.",
    ),
    "audit.show_graph": ("Tampilkan sebagai graf", "Show as a graph"),
    # --- kinerja (issue 13) -------------------------------------------------------------
    "kinerja.title": ("Kinerja anggaran", "Budget performance"),
    "kinerja.bulan": ("Sampai bulan", "Up to month"),
    "kinerja.summary": (
        "Sampai {bulan}: realisasi {real} dari pagu {pagu}.",
        "Up to {bulan}: {real} spent of a {pagu} budget.",
    ),
    "kinerja.empty": (
        "Belum ada realisasi untuk satker-tahun ini. Muat berkas realisasi (templat, ekspor "
        "SP2D SAKTI atau RPD) di halaman Muat.",
        "No realisation on record for this satker-year yet. Load realisation files (the "
        "template, SAKTI's SP2D export or the RPD workbook) on the Load page.",
    ),
    "kinerja.go_muat": ("Ke halaman Muat", "Go to the Load page"),
    "kinerja.penyerapan": ("Penyerapan", "Absorption"),
    "kinerja.penyerapan_help": (
        "Σ realisasi sampai bulan ini / Σ pagu output × 100",
        "Σ money spent to this month / Σ the outputs' pagu × 100",
    ),
    "kinerja.deviasi": ("Deviasi hal. III DIPA", "Deviation (DIPA page III)"),
    "kinerja.deviasi_help": (
        "Rata-rata per bulan yang ber-RPD dari |realisasi − RPD| / RPD × 100 (toleransi 5%)",
        "Mean over months with planned money of |spent − RPD| / RPD × 100 (5% tolerance)",
    ),
    "kinerja.capaian": ("Capaian output", "Output achievement"),
    "kinerja.capaian_help": (
        "Rata-rata output bertarget dari min(volume realisasi / target, 1) × 100",
        "Mean over outputs with a target of min(realised volume / target, 1) × 100",
    ),
    "kinerja.efisiensi": ("Nilai efisiensi", "Efficiency score"),
    "kinerja.efisiensi_help": (
        "PMK 214/2017: E = Σ(pagu/target × volume − realisasi) / Σ(pagu/target × volume) × "
        "100; nilai 50 + E/20 × 50, dibatasi 0–100",
        "PMK 214/2017: E = Σ(pagu/target × volume − spent) / Σ(pagu/target × volume) × 100; "
        "score 50 + E/20 × 50, held within 0–100",
    ),
    "kinerja.ikpa": ("Nilai IKPA (parsial)", "IKPA score (partial)"),
    "kinerja.ikpa_help": (
        "Penyerapan (20), deviasi (15) dan capaian output (25) dengan bobot IKPA yang "
        "dinormalkan ulang",
        "Absorption (20), deviation (15) and output achievement (25) with IKPA's weights "
        "renormalised",
    ),
    "kinerja.band": ("Predikat", "Band"),
    "kinerja.partial": (
        "parsial: mencakup {share}% bobot IKPA",
        "partial: covers {share}% of IKPA's weight",
    ),
    "kinerja.no_score": (
        "Belum ada nilai: tidak ada indikator yang dapat dihitung.",
        "No score yet: no indicator can be computed.",
    ),
    "kinerja.curve": (
        "Realisasi kumulatif terhadap RPD",
        "Cumulative realisation against the withdrawal plan (RPD)",
    ),
    "kinerja.rpd": ("RPD kumulatif", "Cumulative RPD"),
    "kinerja.realisasi": ("Realisasi", "Spent"),
    "kinerja.pagu": ("Pagu", "Budget (pagu)"),
    "kinerja.target": ("Target", "Target"),
    "kinerja.volume": ("Volume realisasi", "Realised volume"),
    "kinerja.outputs": ("Capaian per output", "Achievement per output"),
    "kinerja.status.tercapai": ("tercapai", "achieved"),
    "kinerja.status.sesuai": ("sesuai jadwal", "on schedule"),
    "kinerja.status.tertinggal": ("tertinggal", "behind"),
    "kinerja.status.tanpa_target": ("tanpa target", "no target"),
    "kinerja.above_pagu": (
        "Output {code}: realisasi {real} melebihi pagu {pagu}.",
        "Output {code}: {real} spent, above its pagu of {pagu}.",
    ),
    "kinerja.indicators": (
        "Uang dan capaian di balik tiap IKP dan IKK",
        "Money and achievement behind each IKP and IKK",
    ),
    "kinerja.threshold": ("Ambang capaian berisiko (%)", "At-risk achievement threshold (%)"),
    "kinerja.outputs_behind": ("Output", "Outputs"),
    "kinerja.at_risk": ("Berisiko", "At risk"),
    "kinerja.at_risk_count": (
        "{n} indikator hanya dilayani output dengan capaian di bawah {threshold}%.",
        "{n} indicators are served only by outputs below {threshold}% achievement.",
    ),
    "kinerja.years": ("Antar tahun", "Year over year"),
    "kinerja.ranking": (
        "Peringkat satker menurut nilai IKPA parsial",
        "Satkers ranked by the partial IKPA score",
    ),
    "kinerja.ranking_empty": (
        "Belum ada realisasi untuk tahun ini.",
        "No realisation on record for this year yet.",
    ),
    "kinerja.muat.title": ("Muat realisasi", "Load realisation"),
    "kinerja.muat.intro": (
        "Templat (CSV/XLSX/XLS: `satker,tahun,bulan,kode,rpd,realisasi,volume,progres`), ekspor "
        "SP2D SAKTI (TANGGAL SP2D, KODE COA, NILAI RUPIAH) atau RPD (12 kolom bulan, ribuan "
        "rupiah). Berkas dengan baris salah ditolak seluruhnya.",
        "The template (CSV/XLSX/XLS: `satker,tahun,bulan,kode,rpd,realisasi,volume,progres`), "
        "SAKTI's SP2D export (TANGGAL SP2D, KODE COA, NILAI RUPIAH) or the RPD workbook (12 "
        "monthly columns, thousands of rupiah). A file with bad rows is refused whole.",
    ),
    "kinerja.muat.template": (
        "Unduh templat {satker} TA {year}",
        "Download the template for {satker}, {year}",
    ),
    "kinerja.muat.upload": ("Berkas realisasi", "Realisation files"),
    "kinerja.muat.load": ("Muat realisasi", "Load realisation"),
    "kinerja.muat.refused": ("Berkas ditolak{error}", "File refused{error}"),
    "kinerja.muat.loaded": (
        "{file}: {kind}, {rows} baris ({changed} berubah) untuk {years}",
        "{file}: {kind}, {rows} rows ({changed} changed) for {years}",
    ),
}


def language() -> Language:
    lang = st.session_state.get(STATE_KEY, DEFAULT)
    return lang if lang in LANGUAGES else DEFAULT


def t(key: str, **values: object) -> str:
    """The text for ``key`` in the session's language, with ``{name}`` fields filled in.

    An unknown key shows itself (``[key]``) rather than failing, so a missing string is a
    visible cosmetic bug, never a crashed page; ``tests/test_app.py`` checks none is missing.
    """
    pair = STRINGS.get(key)
    if pair is None:
        return f"[{key}]"
    text = pair[0] if language() == "id" else pair[1]
    return text.format(**values) if values else text
