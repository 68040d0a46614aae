"""The message catalogue: every text the reports and documents show, by message id, in
Vietnamese (the default) and English.

    t("report.rank", "en")                      → "Rank"
    t("report.ranked_title", "vi", year=2020)   → "Danh sách xếp hạng … năm 2020"

A message id is `area.name` (report., status., track.short., doc., …). A language a message
lacks falls back to Vietnamese; an unknown id is a KeyError (a typo should fail loudly). To
add a text, add one entry here with its `vi` and `en` forms; to add a language, add its code
to LANGS and its text to the entries.
"""

from __future__ import annotations

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

MESSAGES: dict[str, dict[str, str]] = {
    # the ranked and period reports: headings, titles, summary lines
    "report.rank": {"vi": "Hạng", "en": "Rank"},
    "report.name": {"vi": "Họ tên / Tập thể", "en": "Name"},
    "report.unit": {"vi": "Đơn vị", "en": "Unit"},
    "report.track": {"vi": "Danh hiệu", "en": "Track"},
    "report.score": {"vi": "Điểm", "en": "Score"},
    "report.status": {"vi": "Kết quả", "en": "Status"},
    "report.facts": {"vi": "Căn cứ", "en": "Why"},
    "report.year": {"vi": "Năm", "en": "Year"},
    "report.code": {"vi": "Mã", "en": "Code"},
    "report.ranked_title": {
        "vi": "Danh sách xếp hạng ứng viên thi đua – khen thưởng năm {year}",
        "en": "Ranked candidates for emulation titles and exemplars, {year}",
    },
    "report.criteria": {
        "vi": "Bộ tiêu chí {version} (sha256 {sha})",
        "en": "Criteria {version} (sha256 {sha})",
    },
    "report.no_evaluation": {"vi": "chưa có kết quả đánh giá", "en": "no evaluation stored"},
    "report.quota_in": {"vi": "thứ {pos}/{limit} trong chỉ tiêu", "en": "{pos}/{limit} of quota"},
    "report.quota_out": {
        "vi": "ngoài chỉ tiêu: thứ {pos}, chỉ tiêu {limit}",
        "en": "outside quota: {pos}th, quota {limit}",
    },
    "report.no_quota": {"vi": "đạt mọi tiêu chí", "en": "all criteria met"},
    "report.all_met": {"vi": "đạt mọi tiêu chí", "en": "all criteria met"},
    "report.over_quota": {
        "vi": "vượt chỉ tiêu: {reason}",
        "en": "beyond the quota: {reason}",
    },
    "report.votes": {
        "vi": "Hội đồng {unit}: {yes}/{members} đồng ý",
        "en": "council {unit}: {yes}/{members} for",
    },
    "report.escalated_to": {"vi": "trình {unit}", "en": "sent to {unit}"},
    "report.total": {"vi": "Tổng", "en": "Total"},
    "report.rows": {"vi": "dòng", "en": "rows"},
    "report.candidates": {"vi": "ứng viên", "en": "candidates"},
    "report.hidden_ineligible": {
        "vi": "{n} không đạt (dùng --status all để xem)",
        "en": "{n} ineligible (use --status all to see them)",
    },
    "report.top_shown": {
        "vi": "liệt kê {n} người/tập thể đứng đầu (--top)",
        "en": "{n} listed (--top)",
    },
    "report.summary_head": {"vi": "Tóm tắt", "en": "Summary"},
    "report.charts": {"vi": "Biểu đồ", "en": "Charts"},
    "report.chart_province": {
        "vi": "Điển hình tiên tiến được đề nghị / công nhận theo tỉnh",
        "en": "Exemplars recommended / recognised per province",
    },
    "report.chart_level": {
        "vi": "Tỷ lệ được đề nghị / công nhận theo cấp",
        "en": "Share recommended / recognised by level",
    },
    "report.chart_trend": {
        "vi": "Điển hình tiên tiến qua các năm (theo kết quả đánh giá đã lưu)",
        "en": "Exemplars year by year (from stored evaluations)",
    },
    "report.no_data": {"vi": "Chưa có dữ liệu", "en": "No data yet"},
    "report.period_title": {
        "vi": "Tổng hợp thi đua – khen thưởng giai đoạn {start}–{end}",
        "en": "Emulation and commendation summary, period {start}–{end}",
    },
    "report.continuous": {
        "vi": "Giữ danh hiệu liên tục cả giai đoạn {start}–{end}",
        "en": "Held a title every year of {start}–{end}",
    },
    "report.replication": {
        "vi": "Nhân rộng điển hình, mô hình",
        "en": "Replication of exemplars and models",
    },
    "report.model": {"vi": "Điển hình / mô hình", "en": "Exemplar / model"},
    "report.origin": {"vi": "Đơn vị của điển hình", "en": "Exemplar's unit"},
    "report.adopted_by": {"vi": "Đơn vị áp dụng", "en": "Adopted by"},
    "report.form": {"vi": "Hình thức", "en": "Form"},
    "report.title_held": {
        "vi": "Danh hiệu (thấp nhất trong giai đoạn)",
        "en": "Title (lowest in the period)",
    },
    "report.years": {"vi": "Các năm", "en": "Years"},
    "report.exemplars_recommended": {"vi": "ĐHTT đề nghị", "en": "Exemplars recommended"},
    "report.exemplars_recognised": {"vi": "ĐHTT công nhận", "en": "Exemplars recognised"},
    "report.kind": {"vi": "Loại", "en": "Kind"},
    "report.person": {"vi": "cá nhân", "en": "person"},
    "report.collective": {"vi": "tập thể", "en": "collective"},
    "report.coverage": {
        "vi": "{models} điển hình được {units} đơn vị áp dụng ({share} số đơn vị)",
        "en": "{models} exemplars adopted by {units} units ({share} of units)",
    },
    "report.continuous_none": {
        "vi": "Không có ai giữ danh hiệu liên tục cả giai đoạn",
        "en": "Nobody held a title every year of the period",
    },
    # the period summary across a change of the unit tree
    "report.tree_changes": {
        "vi": "Thay đổi cây đơn vị trong giai đoạn",
        "en": "Changes of the unit tree within the period",
    },
    "report.tree_change": {"vi": "Thay đổi", "en": "Change"},
    "report.tree_changed": {
        "vi": "Cây đơn vị thay đổi ngày {date}: {changes}",
        "en": "The unit tree changed on {date}: {changes}",
    },
    "report.tree_changed_none": {
        "vi": "Cây đơn vị thay đổi ngày {date} (các đơn vị của báo cáo giữ nguyên)",
        "en": "The unit tree changed on {date} (the units of this report stayed the same)",
    },
    "report.merged_into": {"vi": "{old} sáp nhập vào {new}", "en": "{old} merged into {new}"},
    "report.merged_as": {"vi": "{old} hợp nhất thành {new}", "en": "{old} merged as {new}"},
    "report.renamed_as": {"vi": "{old} đổi thành {new}", "en": "{old} became {new}"},
    "report.predecessor_year": {
        "vi": "{year} – {unit} (đơn vị tiền thân)",
        "en": "{year} – {unit} (predecessor)",
    },
    # result statuses: the council's outcomes, then the engine's verdicts
    "status.recognised": {"vi": "Được công nhận", "en": "recognised"},
    "status.recommended": {"vi": "Đề nghị", "en": "recommended"},
    "status.eligible": {"vi": "Đủ điều kiện", "en": "eligible"},
    "status.escalated": {"vi": "Trình cấp trên", "en": "escalated"},
    "status.rejected": {"vi": "Không được công nhận", "en": "rejected"},
    "status.ineligible": {"vi": "Không đủ điều kiện", "en": "ineligible"},
    "status.deferred": {"vi": "Chưa xét", "en": "deferred"},
    # tracks: the short names of table cells (English keeps the code); the long
    # English names (Vietnamese ones come from the criteria file)
    "track.short.ldtt": {"vi": "LĐTT", "en": "ldtt"},
    "track.short.cstdcs": {"vi": "CSTĐCS", "en": "cstdcs"},
    "track.short.cstdn": {"vi": "CSTĐN", "en": "cstdn"},
    "track.short.ttldtt": {"vi": "TTLĐTT", "en": "ttldtt"},
    "track.short.ttldxs": {"vi": "TTLĐXS", "en": "ttldxs"},
    "track.short.exemplar": {"vi": "ĐHTT cá nhân", "en": "exemplar"},
    "track.short.exemplar_collective": {"vi": "ĐHTT tập thể", "en": "exemplar_collective"},
    "track.short.cstdtq": {"vi": "CSTĐTQ", "en": "cstdtq"},
    "track.short.co_thi_dua": {"vi": "Cờ thi đua", "en": "co_thi_dua"},
    "track.short.bang_khen": {"vi": "Bằng khen", "en": "bang_khen"},
    "track.short.bang_khen_collective": {"vi": "Bằng khen tập thể", "en": "bang_khen_collective"},
    "track.long.ldtt": {"vi": "LĐTT", "en": "Advanced worker"},
    "track.long.cstdcs": {"vi": "CSTĐCS", "en": "Grassroots emulation fighter"},
    "track.long.cstdn": {"vi": "CSTĐN", "en": "Sector emulation fighter"},
    "track.long.ttldtt": {"vi": "TTLĐTT", "en": "Advanced labour collective"},
    "track.long.ttldxs": {"vi": "TTLĐXS", "en": "Excellent labour collective"},
    "track.long.cstdtq": {"vi": "CSTĐTQ", "en": "National emulation fighter"},
    "track.long.co_thi_dua": {"vi": "Cờ thi đua", "en": "Ministry-level emulation flag"},
    "track.long.bang_khen": {"vi": "Bằng khen", "en": "Ministry-level certificate of merit"},
    "track.long.bang_khen_collective": {
        "vi": "Bằng khen tập thể",
        "en": "Ministry-level certificate of merit (collective)",
    },
    "track.long.exemplar": {"vi": "ĐHTT cá nhân", "en": "Advanced exemplar (person)"},
    "track.long.exemplar_collective": {
        "vi": "ĐHTT tập thể",
        "en": "Advanced exemplar (collective)",
    },
    # emulation titles, short (the same in every language)
    "title.short.LDTT": {"vi": "LĐTT"},
    "title.short.CSTDCS": {"vi": "CSTĐCS"},
    "title.short.CSTDN": {"vi": "CSTĐN"},
    "title.short.CSTDTQ": {"vi": "CSTĐTQ"},
    "title.short.TTLDTT": {"vi": "TTLĐTT"},
    "title.short.TTLDXS": {"vi": "TTLĐXS"},
    "title.short.CO_NGANH": {"vi": "Cờ ngành"},
    "title.short.CO_CP": {"vi": "Cờ CP"},
    # the administrative documents (proposal list, council minutes)
    "doc.national": {
        "vi": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "en": "SOCIALIST REPUBLIC OF VIET NAM",
    },
    "doc.motto": {"vi": "Độc lập - Tự do - Hạnh phúc", "en": "Independence - Freedom - Happiness"},
    "doc.sector": {"vi": "BẢO HIỂM XÃ HỘI VIỆT NAM", "en": "VIETNAM SOCIAL SECURITY"},
    "doc.number_ds": {"vi": "Số:        /DS-TĐKT", "en": "No.:        /DS-TDKT"},
    "doc.number_bb": {"vi": "Số:        /BB-HĐTĐKT", "en": "No.:        /BB-HDTDKT"},
    "doc.proposal": {"vi": "DANH SÁCH ĐỀ NGHỊ", "en": "PROPOSAL LIST"},
    "doc.proposal_sub": {
        "vi": "Công nhận danh hiệu thi đua và điển hình tiên tiến năm {year}",
        "en": "Recognition of emulation titles and advanced exemplars, {year}",
    },
    "doc.proposal_att": {
        "vi": "(Kèm theo Tờ trình số       /TTr-       ngày       của {unit})",
        "en": "(Attached to submission No.       of {unit})",
    },
    "doc.stt": {"vi": "STT", "en": "No."},
    "doc.who": {"vi": "Họ và tên / Tên tập thể", "en": "Name"},
    "doc.where": {"vi": "Đơn vị công tác", "en": "Unit"},
    "doc.score": {"vi": "Điểm", "en": "Score"},
    "doc.rank": {"vi": "Hạng", "en": "Rank"},
    "doc.basis": {"vi": "Tóm tắt căn cứ đề nghị", "en": "Grounds"},
    "doc.note": {"vi": "Ghi chú", "en": "Note"},
    "doc.track": {"vi": "Danh hiệu", "en": "Title"},
    "doc.count_line": {
        "vi": "Danh sách gồm {n} lượt cá nhân, tập thể.",
        "en": "The list holds {n} entries.",
    },
    "doc.criteria_met": {"vi": "Đạt {ok}/{all} tiêu chí", "en": "{ok}/{all} criteria met"},
    "doc.maker": {"vi": "NGƯỜI LẬP BIỂU", "en": "PREPARED BY"},
    "doc.head": {"vi": "THỦ TRƯỞNG ĐƠN VỊ", "en": "HEAD OF UNIT"},
    "doc.sign": {"vi": "(Ký, ghi rõ họ tên)", "en": "(Signature, full name)"},
    "doc.sign_seal": {"vi": "(Ký tên, đóng dấu)", "en": "(Signature and seal)"},
    "doc.recipients_head": {"vi": "Nơi nhận:", "en": "To:"},
    "doc.rec1": {"vi": "- Như trên;", "en": "- As above;"},
    "doc.rec2": {"vi": "- Lưu: VT, TĐKT.", "en": "- Archive."},
    "doc.minutes": {
        "vi": "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
        "en": "MINUTES OF THE EMULATION AND COMMENDATION COUNCIL",
    },
    "doc.minutes_sub": {
        "vi": "Xét công nhận danh hiệu thi đua và điển hình tiên tiến năm {year}",
        "en": "Recognition of emulation titles and advanced exemplars, {year}",
    },
    "doc.time": {"vi": "Thời gian: {date}.", "en": "Date: {date}."},
    "doc.place": {"vi": "Địa điểm: trụ sở {unit}.", "en": "Place: {unit}."},
    "doc.members": {
        "vi": "Thành phần: Hội đồng Thi đua – Khen thưởng {unit}, tổng số {n} thành viên.",
        "en": "Members: the Emulation and Commendation Council of {unit}, {n} members.",
    },
    "doc.chair": {
        "vi": "Chủ trì: {name}, Chủ tịch Hội đồng.",
        "en": "Chair: {name}, Chair of the Council.",
    },
    "doc.secretary": {
        "vi": "Thư ký: Thư ký Hội đồng.",
        "en": "Secretary: the Council's secretary.",
    },
    "doc.ballot": {"vi": "Hình thức biểu quyết: bỏ phiếu kín.", "en": "Vote: secret ballot."},
    "doc.rule": {
        "vi": "Quy định biểu quyết — {track}: {rule}.",
        "en": "Voting rule — {track}: {rule}.",
    },
    "doc.votes_head": {"vi": "KẾT QUẢ BỎ PHIẾU", "en": "RESULTS OF THE VOTE"},
    "doc.v_members": {"vi": "Tổng số thành viên", "en": "Members"},
    "doc.v_for": {"vi": "Đồng ý", "en": "For"},
    "doc.v_against": {"vi": "Không đồng ý", "en": "Against"},
    "doc.v_share": {"vi": "Tỷ lệ đồng ý", "en": "Share for"},
    "doc.v_outcome": {"vi": "Kết quả", "en": "Outcome"},
    "doc.conclusion": {"vi": "Hội đồng thống nhất: {text}.", "en": "The council agreed: {text}."},
    "doc.closing": {
        "vi": "Biên bản được đọc lại cho các thành viên dự họp cùng nghe và nhất trí thông qua.",
        "en": "These minutes were read to the members present and approved.",
    },
    "doc.secretary_sign": {"vi": "THƯ KÝ", "en": "SECRETARY"},
    "doc.chair_sign": {"vi": "CHỦ TỊCH HỘI ĐỒNG", "en": "CHAIR OF THE COUNCIL"},
    "doc.no_decisions": {
        "vi": "no council decisions of {unit} for {year}",
        "en": "no council decisions of {unit} for {year}",
    },
    # the achievement summary (tóm tắt thành tích) of one candidate
    "summary.title": {"vi": "BÁO CÁO TÓM TẮT THÀNH TÍCH", "en": "ACHIEVEMENT SUMMARY"},
    "summary.for": {"vi": "Đề nghị: {track} năm {year}", "en": "Proposed for: {track}, {year}"},
    "summary.part1": {"vi": "I. SƠ LƯỢC LÝ LỊCH", "en": "I. PROFILE"},
    "summary.part2": {"vi": "II. THÀNH TÍCH QUA CÁC NĂM", "en": "II. RECORD YEAR BY YEAR"},
    "summary.part3": {
        "vi": "III. ĐỐI CHIẾU TIÊU CHUẨN NĂM {year}",
        "en": "III. CRITERIA CHECKED FOR {year}",
    },
    "summary.name": {"vi": "Họ và tên: {v}", "en": "Name: {v}"},
    "summary.position": {"vi": "Chức vụ: {v}", "en": "Position: {v}"},
    "summary.unit": {"vi": "Đơn vị công tác: {v}", "en": "Unit: {v}"},
    "summary.cname": {"vi": "Tên tập thể: {v}", "en": "Collective: {v}"},
    "summary.parent": {"vi": "Đơn vị cấp trên: {v}", "en": "Parent unit: {v}"},
    "summary.verdict": {
        "vi": "Kết quả: {status}; điểm {score}; hạng {rank}{quota}.",
        "en": "Result: {status}; score {score}; rank {rank}{quota}.",
    },
    "summary.quota": {"vi": "; thứ {pos}/{limit} trong chỉ tiêu", "en": "; {pos}/{limit} of quota"},
    "summary.vote": {
        "vi": "Hội đồng Thi đua – Khen thưởng: {yes}/{members} thành viên đồng ý ({outcome}).",
        "en": "Council: {yes}/{members} members for ({outcome}).",
    },
    "summary.year": {"vi": "Năm", "en": "Year"},
    "summary.rating": {"vi": "Xếp loại", "en": "Rating"},
    "summary.title_col": {"vi": "Danh hiệu", "en": "Title"},
    "summary.init": {"vi": "Sáng kiến", "en": "Initiatives"},
    "summary.init_level": {"vi": "Phạm vi", "en": "Reach"},
    "summary.discipline": {"vi": "Kỷ luật", "en": "Discipline"},
    "summary.collection": {"vi": "Thu (% KH)", "en": "Collection (%)"},
    "summary.arrears": {"vi": "Nợ (%)", "en": "Arrears (%)"},
    "summary.tthc": {"vi": "TTHC đúng hạn (%)", "en": "On time (%)"},
    "summary.etx": {"vi": "GD điện tử (%)", "en": "E-transactions (%)"},
    "summary.criterion": {"vi": "Tiêu chuẩn", "en": "Criterion"},
    "summary.source": {"vi": "Căn cứ", "en": "Source"},
    "summary.met": {"vi": "Đạt", "en": "Met"},
    "summary.detail": {"vi": "Số liệu", "en": "Values"},
    "summary.yes": {"vi": "Đạt", "en": "yes"},
    "summary.no": {"vi": "Không đạt", "en": "no"},
    "summary.reporter": {"vi": "NGƯỜI BÁO CÁO THÀNH TÍCH", "en": "REPORTED BY"},
    "summary.confirm": {"vi": "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ", "en": "CONFIRMED BY THE HEAD"},
    "summary.none": {"vi": "(chưa có kết quả đánh giá)", "en": "(no evaluation stored)"},
    # the official documents' own words: the proposal list as an attachment, the minutes'
    # facts, the achievement report's CV and previous awards
    "doc.appendix": {"vi": "Phụ lục", "en": "Appendix"},
    "doc.position": {"vi": "Chức vụ", "en": "Position"},
    "doc.achievements": {"vi": "Tóm tắt thành tích", "en": "Achievements"},
    "doc.over_quota": {"vi": "Vượt chỉ tiêu: {reason}", "en": "Beyond the quota: {reason}"},
    "doc.ach_rating": {"vi": "{rating} năm {year}", "en": "{rating} in {year}"},
    "doc.ach_init": {"vi": "{n} sáng kiến{level}", "en": "{n} initiative(s){level}"},
    "doc.time_full": {
        "vi": "Thời gian: bắt đầu lúc {start}, {date}.",
        "en": "Time: from {start}, {date}.",
    },
    "doc.attendance": {
        "vi": "Tổng số thành viên Hội đồng: {n}; có mặt: {present}; vắng mặt: {absent} "
              "(trong đó có ý kiến bằng văn bản: {written}).",
        "en": "Members of the council: {n}; present: {present}; absent: {absent} "
              "(of whom with a written opinion: {written}).",
    },
    "doc.chair_named": {"vi": "Chủ trì: {name}, Chủ tịch Hội đồng.", "en": "Chair: {name}."},
    "doc.secretary_named": {"vi": "Thư ký: {name}.", "en": "Secretary: {name}."},
    "doc.v_who": {"vi": "Họ và tên, đơn vị", "en": "Name, unit"},
    "doc.v_issued": {"vi": "Phát ra", "en": "Issued"},
    "doc.v_counted": {"vi": "Thu về", "en": "Counted"},
    "doc.v_blank": {"vi": "Phiếu trắng", "en": "Blank"},
    "doc.v_share_all": {
        "vi": "Đồng ý / tổng số thành viên",
        "en": "For / all members",
    },
    "doc.v_beyond": {"vi": "(vượt chỉ tiêu)", "en": "(beyond the quota)"},
    "doc.beyond_line": {
        "vi": "Công nhận vượt chỉ tiêu: {name} ({track}) — lý do: {reason}.",
        "en": "Recognised beyond the quota: {name} ({track}) — reason: {reason}.",
    },
    "doc.ended": {
        "vi": "Cuộc họp kết thúc lúc {time} cùng ngày.",
        "en": "The meeting ended at {time} the same day.",
    },
    "doc.blank_fill": {"vi": "……", "en": "……"},
    "summary.report_title": {"vi": "BÁO CÁO THÀNH TÍCH", "en": "ACHIEVEMENT REPORT"},
    "summary.proposed": {
        "vi": "ĐỀ NGHỊ TẶNG (CÔNG NHẬN) {track} NĂM {year}",
        "en": "PROPOSED FOR {track}, {year}",
    },
    "summary.gender": {"vi": "Giới tính: {v}", "en": "Gender: {v}"},
    "summary.born": {"vi": "Ngày, tháng, năm sinh: {v}", "en": "Date of birth: {v}"},
    "summary.recruited": {"vi": "Ngày tuyển dụng: {v}", "en": "Recruited: {v}"},
    "summary.male": {"vi": "Nam", "en": "male"},
    "summary.female": {"vi": "Nữ", "en": "female"},
    "summary.part2_ach": {"vi": "II. THÀNH TÍCH ĐẠT ĐƯỢC", "en": "II. ACHIEVEMENTS"},
    "summary.part3_awards": {
        "vi": "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        "en": "III. PREVIOUS AWARDS",
    },
    "summary.criteria_head": {
        "vi": "Đối chiếu tiêu chuẩn năm {year}",
        "en": "The criteria of {year}",
    },
    "summary.aw_title": {"vi": "Danh hiệu (Hình thức)", "en": "Title (award)"},
    "summary.aw_decision": {
        "vi": "Số, ngày tháng năm của quyết định; cơ quan ban hành",
        "en": "Decision number and date; issued by",
    },
    "summary.aw_none": {"vi": "(chưa có)", "en": "(none)"},
    "summary.aw_line": {"vi": "Số {no} ngày {date}; {by}", "en": "No. {no} of {date}; {by}"},
    "summary.aw_record": {
        "vi": "(theo kết quả năm đã nhập, chưa có số quyết định)",
        "en": "(from the year's records; no decision number)",
    },
    "summary.head_confirm": {
        "vi": "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ",
        "en": "CONFIRMED AND PROPOSED BY THE HEAD",
    },
    "summary.status_line": {"vi": "Kết quả xét: {status}.", "en": "Result: {status}."},
    # the comparison of two criteria (dtt compare): who a draft policy changes
    "compare.title": {
        "vi": "So sánh phương án tiêu chí năm {year}",
        "en": "Criteria compared, {year}",
    },
    "compare.doc_title": {
        "vi": "BÁO CÁO SO SÁNH PHƯƠNG ÁN TIÊU CHÍ",
        "en": "REPORT COMPARING CRITERIA OPTIONS",
    },
    "compare.number": {"vi": "Số:        /BC-TĐKT", "en": "No.:        /BC-TDKT"},
    "compare.sub": {
        "vi": "Đánh giá thi đua – khen thưởng năm {year}",
        "en": "Emulation and commendation review, {year}",
    },
    "compare.base": {
        "vi": "Phương án hiện hành: bộ tiêu chí {version} (sha256 {sha}){run}",
        "en": "In force: criteria {version} (sha256 {sha}){run}",
    },
    "compare.draft": {
        "vi": "Phương án dự thảo: {file}bộ tiêu chí {version} (sha256 {sha}){run}",
        "en": "Draft: {file}criteria {version} (sha256 {sha}){run}",
    },
    "compare.run": {"vi": ", lần đánh giá số {n}", "en": ", evaluation #{n}"},
    "compare.scope": {"vi": "Phạm vi: {scope}", "en": "Scope: {scope}"},
    "compare.part1": {"vi": "I. KẾT QUẢ CHUNG", "en": "I. OVERVIEW"},
    "compare.part2": {
        "vi": "II. DANH SÁCH ĐỐI TƯỢNG THAY ĐỔI KẾT QUẢ",
        "en": "II. SUBJECTS WHOSE RESULT CHANGES",
    },
    "compare.part3": {
        "vi": "III. SỐ LƯỢNG THEO NHÓM VÀ DANH HIỆU",
        "en": "III. COUNTS BY GROUP AND TRACK",
    },
    "compare.count": {
        "vi": "Số đối tượng thay đổi kết quả: {n}; số nhóm thay đổi: {groups}/{all}.",
        "en": "Subjects whose result changes: {n}; groups that change: {groups} of {all}.",
    },
    "compare.none": {
        "vi": "Không có đối tượng nào thay đổi kết quả.",
        "en": "No subject's result changes.",
    },
    "compare.changes": {"vi": "Đối tượng thay đổi", "en": "Changes"},
    "compare.groups": {"vi": "Nhóm thay đổi", "en": "Groups that change"},
    "compare.unchanged_groups": {
        "vi": "{n} nhóm không thay đổi (không liệt kê)",
        "en": "{n} groups unchanged (not listed)",
    },
    "compare.code": {"vi": "Mã", "en": "Code"},
    "compare.before": {"vi": "Hiện hành", "en": "In force"},
    "compare.after": {"vi": "Dự thảo", "en": "Draft"},
    "compare.decisive": {"vi": "Tiêu chí quyết định và số liệu", "en": "Decisive criterion"},
    "compare.group": {"vi": "Nhóm", "en": "Group"},
    "compare.candidates": {"vi": "Ứng viên", "en": "Candidates"},
    "compare.eligible": {"vi": "Đủ điều kiện", "en": "Eligible"},
    "compare.recommended": {"vi": "Đề nghị", "en": "Recommended"},
    "compare.quota": {"vi": "Chỉ tiêu", "en": "Quota"},
    "compare.not_candidate": {"vi": "Không là ứng viên", "en": "not a candidate"},
    "compare.rank": {"vi": "hạng {n}", "en": "rank {n}"},
    # values in every table: yes/no, an empty table
    "value.yes": {"vi": "có", "en": "yes"},
    "value.no": {"vi": "không", "en": "no"},
    "render.no_rows": {"vi": "(không có dòng nào)", "en": "(no rows)"},
    # a check's explanation, written again from its stored structure (dtt.render.explain):
    # one template per operator form; {metric} and values are the criteria's labels
    "check.not_recorded": {"vi": "chưa có số liệu", "en": "not recorded"},
    "check.na_leader": {
        "vi": "không áp dụng: không giữ chức vụ lãnh đạo",
        "en": "not applicable: not a leader",
    },
    "check.no_headed_unit": {"vi": "không phụ trách đơn vị nào", "en": "heads no unit"},
    "check.instead": {
        "vi": "chưa có ngày tuyển dụng, nên xét theo: {rest}",
        "en": "recruited not recorded, so instead: {rest}",
    },
    "check.compare": {
        "vi": "{metric} năm {years}: {value}, cần {need}",
        "en": "{metric} {years} = {value}, needs {need}",
    },
    "check.compare_headed": {
        "vi": "{metric} của đơn vị do mình phụ trách ({unit}) năm {years}: {value}, cần {need}",
        "en": "{unit} {metric} {years} = {value} (headed unit), needs {need}",
    },
    "check.need_all": {"vi": "tất cả", "en": "all"},
    "check.need_nobody": {"vi": "không có ai", "en": "none"},
    "check.months": {"vi": "{n} tháng", "en": "{n} months"},
    "check.need_one_of": {"vi": "một trong: {values}", "en": "one of {values}"},
    "check.need_none_of": {"vi": "không thuộc: {values}", "en": "none of {values}"},
    "check.need_eq": {"vi": "{value}", "en": "{value}"},
    "check.need_ne": {"vi": "khác {value}", "en": "≠ {value}"},
    "check.need_gte": {"vi": "{value} trở lên", "en": "≥ {value}"},
    "check.need_gt": {"vi": "cao hơn {value}", "en": "> {value}"},
    "check.need_lte": {"vi": "{value} trở xuống", "en": "≤ {value}"},
    "check.need_lt": {"vi": "thấp hơn {value}", "en": "< {value}"},
    "check.and": {"vi": "và", "en": "and"},
    "check.or": {"vi": "hoặc", "en": "or"},
    "check.rule": {"vi": "{metric}: {need}", "en": "{metric} {need}"},
    "check.window": {"vi": "{rule} {how}: {marks}", "en": "{rule} {how}: {marks}"},
    "check.win_each": {"vi": "trong mỗi năm {years}", "en": "in each of {years}"},
    "check.win_any": {"vi": "trong ít nhất một năm {years}", "en": "in any of {years}"},
    "check.win_at_least": {
        "vi": "trong ít nhất {k} năm của {years}",
        "en": "in at least {k} of {years}",
    },
    "check.win_streak": {
        "vi": "{n} năm liên tục, trong mỗi năm {years}",
        "en": "{n} years running, in each of {years}",
    },
    "check.win_fresh": {
        "vi": ", không năm nào đã được tính cho lần khen thưởng trước",
        "en": ", no year used by an earlier award",
    },
    "check.used_by": {
        "vi": "đã tính cho lần khen năm {year} ({span})",
        "en": "used by the {year} award ({span})",
    },
    "check.rules_of": {"vi": "(theo bộ tiêu chí {version})", "en": "(rules {version})"},
    "check.dt_none": {"vi": "không bị kỷ luật trong {first}–{last}: các năm xét, {window}, "
                      "đều được tính ✓",
                      "en": "no discipline in {first}–{last}: the years read, {window}, count ✓"},
    "check.dt_after": {"vi": "các năm xét, {window}, đều sau thời hạn kỷ luật: {parts}",
                       "en": "the years read, {window}, begin after every discipline term: "
                             "{parts}"},
    "check.dt_inside": {"vi": "các năm xét, {window}, nằm trong hoặc trước thời hạn kỷ luật: "
                              "{parts}",
                        "en": "the years read, {window}, lie inside or before a discipline "
                              "term: {parts}"},
    "check.dt_part": {"vi": "{metric} năm {year}: {value}, {term}: thành tích được tính từ năm "
                            "{count} {ok}",
                      "en": "{metric} {year} = {value}, {term}: achievements count from "
                            "{count} {ok}"},
    "check.dt_until": {"vi": "thời hạn kỷ luật đến {date}", "en": "term until {date}"},
    "check.lineage_merged": {"vi": "năm {year}: số liệu của {pred}, đơn vị tiền thân của {code} "
                                   "(hợp nhất ngày {when})",
                             "en": "{year}: {pred}, predecessor of {code} (merged {when})"},
    "check.lineage_renamed": {"vi": "năm {year}: số liệu của {pred}, đơn vị tiền thân của {code} "
                                    "(đổi tên ngày {when})",
                              "en": "{year}: {pred}, predecessor of {code} (renamed {when})"},
    "check.dt_default": {"vi": "thời hạn kỷ luật đến hết năm {ended} (chưa ghi {metric}: "
                               "{months} tháng từ cuối năm {year}, mặc định dtt)",
                         "en": "term to the end of {ended} ({metric} not recorded: {months} "
                               "months from {year}, dtt's default)"},
    "check.count_years": {
        "vi": "{rule} trong {hits} năm của {years}, cần {need}: {marks}",
        "en": "{rule} in {hits} of {years}, needs {need}: {marks}",
    },
    "check.members": {
        "vi": "{m}/{n} thành viên {who}{share}, cần {need}",
        "en": "{m} of {n} members {who}{share}, needs {need}",
    },
    "check.who_title": {"vi": "đạt {title} trở lên", "en": "{title}+"},
    "check.share": {"vi": " (tỷ lệ {share}%)", "en": " = {share}%"},
    "check.no_member": {
        "vi": "không thành viên nào có số liệu năm {year}, cần {need}",
        "en": "no member has a record in {year}, needs {need}",
    },
    "check.na_level": {
        "vi": "không áp dụng: {level} không thuộc các cấp {levels}",
        "en": "not applicable: level {level} is not one of {levels}",
    },
    "check.eligible": {"vi": "đủ điều kiện {track} năm {year}",
                       "en": "eligible for {track} in {year}"},
    "check.not_eligible": {
        "vi": "không đủ điều kiện {track} năm {year} — {failed}",
        "en": "not eligible for {track} in {year} — {failed}",
    },
    "check.applies_to": {"vi": "{track} chỉ xét cho {kind}", "en": "{track} applies to a {kind}"},
    "check.no_recruited": {
        "vi": "chưa có ngày tuyển dụng, cần {need} từ ngày tuyển dụng đến ngày bình xét {day}",
        "en": "recruited not recorded, needs {need} from recruitment to the review {day}",
    },
    "check.recruited": {
        "vi": "tuyển dụng ngày {start}: {months} tháng đến ngày bình xét {day}, cần {need}",
        "en": "recruited {start}: {months} months at the review {day}, needs {need}",
    },
    "check.recruited_late": {
        "vi": "tuyển dụng ngày {start}, sau ngày bình xét {day}, cần {need}",
        "en": "recruited {start}, after the review {day}, needs {need}",
    },
    "check.record_present": {"vi": "có số liệu năm {year}", "en": "record {year} present"},
    "check.record_missing": {"vi": "chưa có số liệu năm {year}",
                             "en": "record {year} not recorded"},
    "check.registered": {"vi": "đã đăng ký {track} năm {year}",
                         "en": "registered for {track} in {year}"},
    "check.not_registered": {"vi": "chưa đăng ký {track} năm {year}",
                             "en": "not registered for {track} in {year}"},
    "check.awarded": {"vi": "đã được khen {track} năm {year}",
                      "en": "awarded {track} in {year}"},
    "check.no_award": {"vi": "chưa được khen {track} năm {year}",
                       "en": "no {track} award in {year}"},
    "check.who_rule": {"vi": "có {rule}", "en": "{rule}"},
    "check.award_rule": {
        "vi": "được khen {track} (quyết định của Hội đồng{title})",
        "en": "awarded {track} (council decision{title})",
    },
    "check.award_title": {"vi": " hoặc danh hiệu từ {title} trở lên", "en": " or title ≥ {title}"},
    "check.no_award_short": {"vi": "chưa được khen", "en": "no award"},
    "check.awarded_short": {"vi": "được khen", "en": "awarded"},
    "check.eligible_short": {"vi": "đủ điều kiện", "en": "eligible"},
    "check.not_eligible_short": {"vi": "không đủ điều kiện", "en": "not eligible"},
    "check.na_short": {"vi": "không áp dụng", "en": "n/a"},
    "check.term_years": {
        "vi": "{rule}: {n} năm trong {years} ({which}) × {w} = {pts}",
        "en": "{rule} in {n} of {years} ({which}) × {w} = {pts}",
    },
    "check.term_no_year": {"vi": "không năm nào", "en": "none"},
    "check.term_over": {
        "vi": "{metric} năm {year}: {v}, vượt {t} là {m} × {w}{cap} = {pts}",
        "en": "{metric} {year} = {v}, over {t} by {m} × {w}{cap} = {pts}",
    },
    "check.term_under": {
        "vi": "{metric} năm {year}: {v}, thấp hơn {t} là {m} × {w}{cap} = {pts}",
        "en": "{metric} {year} = {v}, under {t} by {m} × {w}{cap} = {pts}",
    },
    "check.term_cap": {"vi": ", tối đa {cap}", "en": ", capped at {cap}"},
    "check.term_missing": {
        "vi": "{metric} năm {year}: chưa có số liệu = {pts}",
        "en": "{metric} {year} not recorded = {pts}",
    },
    "check.term_share": {
        "vi": "{m}/{n} thành viên {who} (tỷ lệ {s}%) × {w} = {pts}",
        "en": "{m} of {n} members {who} = {s}% × {w} = {pts}",
    },
    "check.term_count": {
        "vi": "{m} thành viên {who} × {w} = {pts}",
        "en": "{m} members {who} × {w} = {pts}",
    },
    "check.term_none": {"vi": "không có", "en": "none"},
    "check.quota_none": {"vi": "không có chỉ tiêu", "en": "no quota"},
    "check.quota_per_cluster": {"vi": "{n} mỗi cụm thi đua", "en": "{n} per cluster"},
    "check.quota_per_group": {"vi": "{n} mỗi nhóm", "en": "{n} per group"},
    "check.quota_people": {"vi": "người", "en": "people"},
    "check.quota_eligible": {"vi": "đủ điều kiện {track}", "en": "eligible for {track}"},
    "check.quota_units": {"vi": "đơn vị cấp {level}", "en": "{level} units"},
    "check.quota_share": {
        "vi": "{share}% của {base} {what} = {raw} → {n} ({rounding}, tối thiểu {min})",
        "en": "{share}% of {base} {what} = {raw} → {n} ({rounding}, min {min})",
    },
    "check.round_floor": {"vi": "làm tròn xuống", "en": "floor"},
    "check.round_ceil": {"vi": "làm tròn lên", "en": "ceil"},
    "check.round_round": {"vi": "làm tròn", "en": "round"},
    "check.round_half_up": {"vi": "làm tròn", "en": "half_up"},
    "check.origin_discovered": {"vi": "phát hiện theo tiêu chí", "en": "discovered"},
    "check.origin_nominated": {"vi": "do {unit} giới thiệu", "en": "nominated by {unit}"},
    "check.tie_above": {
        "vi": "xếp trên {other} (bằng điểm), phân định theo: {reason}",
        "en": "ranked above {other} (same score): tie broken by: {reason}",
    },
    "check.tie_below": {
        "vi": "xếp dưới {other} (bằng điểm), phân định theo: {reason}",
        "en": "ranked below {other} (same score): tie broken by: {reason}",
    },
    "check.tie_name": {"vi": "thứ tự tên ({words})", "en": "name order ({words})"},
    "check.tie_code": {"vi": "mã số", "en": "code"},
    "check.tie_gender": {"vi": "giới tính", "en": "gender"},
    "check.negated": {"vi": "không phải: {inner}", "en": "not ({inner})"},
    # evaluate --explain: one subject's whole trace
    "explain.criterion": {"vi": "Tiêu chí", "en": "Criterion"},
    "explain.label": {"vi": "Nội dung", "en": "Label"},
    "explain.values": {"vi": "Số liệu đã đọc", "en": "Values read"},
    "explain.source": {"vi": "Căn cứ", "en": "Source"},
    "explain.term": {"vi": "Thành phần điểm", "en": "Score term"},
    "explain.breakdown": {"vi": "Cách tính", "en": "Breakdown"},
    "explain.points": {"vi": "Điểm", "en": "Points"},
    "explain.score_title": {"vi": "{track} — điểm {score}", "en": "{track} — score {score}"},
    "explain.candidate": {"vi": "ứng viên ({origin})", "en": "candidate ({origin})"},
    "explain.not_candidate": {"vi": "không là ứng viên: {why}", "en": "not a candidate: {why}"},
    "explain.eligible": {"vi": "đủ điều kiện", "en": "eligible"},
    "explain.ineligible": {"vi": "không đủ điều kiện", "en": "not eligible"},
    "explain.score": {"vi": "điểm {score}", "en": "score {score}"},
    "explain.rank": {"vi": "hạng {rank} trong {group}", "en": "rank {rank} in {group}"},
    "explain.quota": {"vi": "chỉ tiêu {basis}; {where}", "en": "quota {basis}; {where}"},
    "explain.quota_pos": {"vi": "thứ {pos}/{limit}", "en": "position {pos} of limit {limit}"},
    "explain.quota_limit": {"vi": "chỉ tiêu {limit}", "en": "limit {limit}"},
    "explain.not_discovered": {
        "vi": "không được phát hiện theo tiêu chí ({detail}) và không được giới thiệu",
        "en": "not discovered ({detail}) and not nominated",
    },
    "explain.status": {"vi": "kết quả: {status}", "en": "status: {status}"},
    # dtt evaluate: the run's summary and list
    "evaluation.counts": {
        "vi": "{candidates} ứng viên, {eligible} đủ điều kiện, {recommended} đề nghị",
        "en": "{candidates} candidates, {eligible} eligible, {recommended} recommended",
    },
    "evaluation.deferred": {"vi": ", {n} chưa xét", "en": ", {n} deferred"},
    "evaluation.top": {"vi": " (liệt kê {n} người/tập thể điểm cao nhất)",
                       "en": " (top {n} by score shown)"},
    "evaluation.eligible": {"vi": "Đủ điều kiện", "en": "Eligible"},
    "evaluation.failed": {"vi": "Tiêu chí không đạt", "en": "Failed criteria"},
    "evaluation.title": {"vi": "Kết quả đánh giá năm {year}", "en": "Evaluation {year}"},
    "evaluation.results": {"vi": "Kết quả", "en": "Results"},
    # records show
    "records.title": {"vi": "Kết quả — {subject}", "en": "Records — {subject}"},
    "records.years": {"vi": "{n} năm", "en": "{n} year(s)"},
    # the workflow's tables (Vietnamese only for now: English falls back to it)
    "workflow.registrations_title": {"vi": "Đăng ký thi đua"},
    "workflow.registrations": {"vi": "Đăng ký"},
    "workflow.nominations_title": {"vi": "Giới thiệu ứng viên {year}"},
    "workflow.nominations_by_unit": {"vi": "Giới thiệu theo đơn vị"},
    "workflow.decision_title": {"vi": "Hội đồng {unit}: {subject} {name} — {track} {year}"},
    "workflow.decisions_title": {"vi": "Quyết định của Hội đồng"},
    "workflow.decisions": {"vi": "Quyết định"},
    "workflow.plans_title": {"vi": "Kế hoạch bồi dưỡng"},
    "workflow.plans": {"vi": "Kế hoạch"},
    "workflow.replication_title": {"vi": "Nhân rộng điển hình tiên tiến{year}"},
    "workflow.replication_spread": {"vi": "Điển hình và nơi nhân rộng"},
    "workflow.replication_adopted": {"vi": "Đơn vị đã học tập, nhân rộng"},
    "workflow.replication_without": {"vi": "Đơn vị chưa nhân rộng mô hình nào"},
    "workflow.story_title": {"vi": "Hồ sơ {subject}"},
    "workflow.audit_title": {"vi": "Nhật ký thay đổi"},
}


def lookup(key: str, lang: str = DEFAULT_LANG) -> str | None:
    """The raw text of `key` in `lang` (else in Vietnamese), or None for an unknown id."""
    entry = MESSAGES.get(key)
    if entry is None:
        return None
    return entry.get(lang) or entry[DEFAULT_LANG]


def t(key: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    """The message `key` in `lang`, its {placeholders} filled from `params`."""
    text = lookup(key, lang)
    if text is None:
        raise KeyError(f"no message {key!r}")
    return text.format(**params) if params else text
