/// The register's own events: diary entries and their archiving, decisions, assignments and their reports.
extension Workload {
    // MARK: Diary

    mutating func emitDiaryRegistered() {
        let (date, plan) = nearby(planShare: 0.2)
        let bodyIndex = rng.below(Vocabulary.bodies.count)
        let direction = rng.pick([0, 0, 0, 1, 1, 2, 2])
        let topic = Vocabulary.topics[rng.below(Vocabulary.topics.count)].name
        let record = DiaryRecord(
            seq: seq + 1, effective: date, plan: plan,
            dnr: newDnr(body: bodyIndex, year: date.year), title: rng.pick(Vocabulary.diaryTitles) + topic,
            direction: Self.directions[direction],
            counterpart: direction != 2 && rng.chance(0.85) ? rng.pick(Vocabulary.counterparts) : nil,
            handler: rng.chance(0.8) ? rng.pick(Vocabulary.people) : nil,
            caseReference: rng.chance(0.3) ? recentDnr(notAfter: date.year) : nil,
            secrecy: rng.chance(0.07) ? rng.pick(Vocabulary.secrecyGrounds) : nil)
        writeDiaryRegistered(record)
    }

    static let directions: [StaticString] = ["in", "out", "internal"]

    mutating func writeDiaryRegistered(_ record: DiaryRecord) {
        beginEvent("diary.registered", plan: record.plan, effective: record.effective)
        writeData(record)
        endEvent()
        diaryEntries.add(record)
        toArchive.add((record.dnr, record.effective))
    }

    static func writeData(_ r: DiaryRecord, into out: inout JSONWriter) {
        out.beginObject()
        out.field("dnr", r.dnr)
        out.field("title", r.title)
        out.field("direction", r.direction)
        out.field("counterpart", r.counterpart)
        out.field("handler", r.handler)
        out.field("case", r.caseReference)
        if let ground = r.secrecy {
            out.key("secrecy")
            out.beginObject()
            out.field("ground", ground)
            out.endObject()
        }
        out.endObject()
    }

    mutating func writeData(_ r: DiaryRecord) { Self.writeData(r, into: &out) }

    /// Archives an entry registered earlier; false when none is waiting.
    mutating func emitDiaryArchived() -> Bool {
        guard !toArchive.isEmpty else { return false }
        let entry = toArchive.remove(at: rng.below(toArchive.count))
        let date = min(Self.horizon, entry.day + rng.int(30...5 * 365))
        let keep = rng.chance(0.55)
        let record = ArchiveRecord(
            seq: seq + 1, effective: date, dnr: entry.dnr, keep: keep,
            cullAfter: !keep && rng.chance(0.7) ? Day(year: date.year + rng.int(2...10), month: 12, day: 31) : nil)
        beginEvent("diary.archived", plan: nil, effective: date)
        writeData(record)
        endEvent()
        archives.add(record)
        return true
    }

    static func writeData(_ r: ArchiveRecord, into out: inout JSONWriter) {
        out.beginObject()
        out.field("dnr", r.dnr)
        out.field("retention", r.keep ? "keep" : "cull")
        if let cullAfter = r.cullAfter { out.field("cullAfter", date: cullAfter) }
        out.endObject()
    }

    mutating func writeData(_ r: ArchiveRecord) { Self.writeData(r, into: &out) }

    // MARK: Decisions

    mutating func emitDecision() {
        let (date, plan) = nearby(planShare: 0.3)
        let bodyIndex = rng.below(Vocabulary.bodies.count)
        let body = Vocabulary.body(bodyIndex, year: date.year)
        let dnr = (rng.chance(0.6) ? recentDnr(notAfter: date.year) : nil) ?? newDnr(body: bodyIndex, year: date.year)
        let subject = rng.pick(Vocabulary.decisionSubjects)
        writeDecision(DecisionRecord(
            seq: 0, effective: date, plan: plan, dnr: dnr, body: body,
            subject: "\(subject) \(date.year)", text: "\(body) \(rng.pick(Vocabulary.decisionTexts))",
            paragraph: rng.chance(0.85) ? paragraph() : nil))
    }

    mutating func writeDecision(_ record: DecisionRecord) {
        var record = record
        record.seq = seq + 1
        beginEvent("decision.recorded", plan: record.plan, effective: record.effective)
        writeData(record)
        endEvent()
        decisions.add(record)
    }

    static func writeData(_ r: DecisionRecord, into out: inout JSONWriter) {
        out.beginObject()
        out.field("dnr", r.dnr)
        out.field("body", r.body)
        out.field("subject", r.subject)
        out.field("text", r.text)
        out.field("paragraph", r.paragraph)
        out.endObject()
    }

    mutating func writeData(_ r: DecisionRecord) { Self.writeData(r, into: &out) }

    mutating func emitFollower() {
        switch followers.removeFirst() {
        case .diary(let dnr, let day, let plan, let title):
            writeDiaryRegistered(DiaryRecord(
                seq: seq + 1, effective: day, plan: plan, dnr: dnr, title: title, direction: rng.chance(0.6) ? "internal" : "out",
                counterpart: nil, handler: rng.pick(Vocabulary.people), caseReference: nil, secrecy: nil))
        case .decision(let record):
            writeDecision(record)
        }
    }

    // MARK: Assignments

    mutating func emitAssignmentIssued() {
        let (date, plan) = nearby(planShare: 0.4)
        assignmentsIssued += 1
        let bodyIndex = rng.pick([0, 1, 1, 2, 3, 4])
        let record = AssignmentRecord(
            seq: seq + 1, effective: date, plan: plan, key: "uppdrag-\(date.year)-\(assignmentsIssued)",
            title: rng.pick(Vocabulary.assignmentTitles) + Vocabulary.topics[rng.below(Vocabulary.topics.count)].name,
            assignee: Vocabulary.eraName(rng.pick(["Regiondirektör", "Hälso- och sjukvårdsdirektör", "HR-direktör", "Ekonomidirektör",
                                "Division Primärvård", "Division Länssjukvård", "Regionstyrelsens ordförande"]), year: date.year),
            deadline: date + rng.int(30...540), issuedBy: Vocabulary.body(bodyIndex, year: date.year))
        beginEvent("assignment.issued", plan: plan, effective: date)
        writeData(record)
        endEvent()
        assignments.add(record)
        openAssignments.add(OpenAssignment(key: record.key, plan: plan, issued: date, deadline: record.deadline, lastReport: date))
    }

    static func writeData(_ r: AssignmentRecord, into out: inout JSONWriter) {
        out.beginObject()
        out.field("assignment", r.key)
        out.field("title", r.title)
        out.field("assignee", r.assignee)
        out.field("deadline", date: r.deadline)
        out.field("issuedBy", r.issuedBy)
        out.endObject()
    }

    mutating func writeData(_ r: AssignmentRecord) { Self.writeData(r, into: &out) }

    /// Reports progress on an open assignment; false when none is open.
    mutating func emitAssignmentReported() -> Bool {
        guard !openAssignments.isEmpty else { return false }
        let i = rng.below(openAssignments.count)
        var a = openAssignments[i]
        let latest = max(a.lastReport, a.deadline + 120)
        let date = min(Self.horizon, Day(rng.int(a.lastReport.number...latest.number)))
        let done = rng.chance(0.55)
        beginEvent("assignment.reported", plan: a.plan, effective: date)
        out.beginObject()
        out.field("assignment", a.key)
        out.field("status", done ? "done" : "partial")
        out.field("note", rng.pick(Vocabulary.reportNotes))
        out.endObject()
        endEvent()
        reports.add(ReportRecord(seq: seq, effective: date, plan: a.plan))
        if done {
            openAssignments.remove(at: i)
        } else {
            a.lastReport = date
            openAssignments[i] = a
        }
        return true
    }
}
