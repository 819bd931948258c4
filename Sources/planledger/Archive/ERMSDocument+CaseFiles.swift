import LedgerCore

extension ERMSDocument {
    /// The secrecy ground that restricts an entry: its own, else one it has in any other version the ledger
    /// holds (the same rule that masks it in public output, so the archive is never told less).
    func secrecyGround(_ entry: DiaryEntry) -> String? {
        entry.secrecy?.ground ?? delivery.classified[entry.dnr]
    }

    /// A case (ärende) as a `caseFile` aggregation, its entries as records. `decisions` are the plan versions
    /// decided under one of its dnrs; `actions` the assignments those decisions issued.
    func writeCaseFile(_ w: inout ArchiveXML, _ file: CaseFile, decisions: [(plan: String, entry: ChangeEntry)], actions: [AssignmentView]) throws {
        let leading = file.leading
        try w.xml.start("aggregation", ["systemIdentifier": w.clean("case:\(file.key)", seq: leading.seq, field: "case"), "aggregationType": "caseFile"])
        try w.element("objectId", file.key, seq: leading.seq, field: "case")
        try w.element("title", leading.title, seq: leading.seq, field: "title")
        try w.xml.element("status", ["value": file.isClosed ? "closed" : "open"], text: nil)
        var grounds: [String] = []
        for entry in file.entries {
            if let ground = secrecyGround(entry), !grounds.contains(ground) { grounds.append(ground) }
        }
        for ground in grounds { try writeRestriction(&w, ground: ground, seq: leading.seq) }
        try writeCaseDisposal(&w, file)
        try writeAgents(&w,
            file.entries.map { ("responsible_person", $0.handler, $0.seq) }
            + file.entries.map { ("counterpart", $0.counterpart, $0.seq) }
            + decisions.map { ("authorising_person", $0.entry.approvedBy, $0.entry.seq) })
        var dates: [(type: String, value: String)] = [("created", Self.dateTime(file.entries[0].date))]
        if let received = file.entries.first(where: { $0.direction == .incoming }) { dates.append(("received", Self.dateTime(received.date))) }
        for date in Set(decisions.map(\.entry.date)).sorted() { dates.append(("decision", Self.dateTime(date))) }
        if file.isClosed, let closed = file.entries.compactMap(\.archived?.date).max() { dates.append(("closed", Self.dateTime(closed))) }
        try writeDates(&w, dates)
        for assignment in actions { try writeAction(&w, assignment) }
        for (i, entry) in file.entries.enumerated() {
            try writeEntry(&w, entry, runningNumber: i + 1)
        }
        try w.xml.end()
    }

    /// The case's disposal once every entry is archived: culled only if every entry is, on the latest cull
    /// date; kept if any entry is kept.
    private func writeCaseDisposal(_ w: inout ArchiveXML, _ file: CaseFile) throws {
        let archived = file.entries.compactMap(\.archived)
        guard archived.count == file.entries.count else { return }
        let culled = archived.allSatisfy { $0.retention == .cull }
        let cullDates = archived.compactMap(\.cullAfter)
        let comment = !culled && archived.contains { $0.retention == .cull }
            ? "Delvis gallring: se handlingarnas gallringsbeslut" : nil
        try writeDisposal(&w, culled: culled, applied: archived.map(\.date).max()!,
                          cullAfter: culled && cullDates.count == archived.count ? cullDates.max() : nil, comment: comment)
    }

    /// `<disposal>`: `disposable` and the action (bevaras, gallras), when it was decided (`applied`), and
    /// for a cull its date (`disposal_date`).
    func writeDisposal(_ w: inout ArchiveXML, culled: Bool, applied: LedgerDate, cullAfter: LedgerDate?, comment: String?) throws {
        try w.xml.start("disposal", ["disposable": culled ? "true" : "false"])
        try w.xml.element("disposalAction", text: culled ? "gallras" : "bevaras")
        if let comment {
            try w.xml.start("disposalComments")
            try w.xml.element("disposalComment", text: comment)
            try w.xml.end()
        }
        try w.xml.start("dates")
        try w.xml.element("disposalDate", ["dateType": "applied"], text: Self.dateTime(applied))
        if let cullAfter { try w.xml.element("disposalDate", ["dateType": "disposal_date"], text: Self.dateTime(cullAfter)) }
        try w.xml.end()
        try w.xml.end()
    }

    /// A diary entry (a handling) as a record: its dnr, its running number in the case, direction, title and dates.
    private func writeEntry(_ w: inout ArchiveXML, _ entry: DiaryEntry, runningNumber: Int) throws {
        try w.xml.start("record", ["systemIdentifier": "seq:\(entry.seq)"])
        try w.element("objectId", entry.dnr, seq: entry.seq, field: "dnr")
        try w.element("title", entry.title, seq: entry.seq, field: "title")
        try w.xml.element("runningNumber", text: String(runningNumber))
        try w.element("relation", ["relationType": "reference"], entry.plan.map { "plan:\($0)" }, seq: entry.seq, field: "plan")
        if let ground = secrecyGround(entry) { try writeRestriction(&w, ground: ground, seq: entry.seq) }
        if let archived = entry.archived {
            try writeDisposal(&w, culled: archived.retention == .cull, applied: archived.date, cullAfter: archived.cullAfter, comment: nil)
        }
        let (direction, dateType) = switch entry.direction {
        case .incoming: ("incoming", "received")
        case .outgoing: ("outgoing", "sent")
        case .internal: ("internal_memo_without_follow-up", "created")
        }
        try w.xml.element("direction", ["directionDefinition": direction], text: nil)
        try writeAgents(&w, [("counterpart", entry.counterpart, entry.seq), ("responsible_person", entry.handler, entry.seq)])
        var dates: [(type: String, value: String)] = [(dateType, Self.dateTime(entry.date)), ("captured", entry.recorded.description)]
        if let archived = entry.archived { dates.append(("archived", Self.dateTime(archived.date))) }
        try writeDates(&w, dates)
        try w.xml.end()
    }

    /// An assignment (uppdrag) as an action: its title, its deadline as `actionDue`, the latest report's note
    /// as the motivation, and `assignment KEY: STATUS` as its type (ERMS has no place for an action's key or
    /// status; the archive needs both). Issued as a decision date, reported as `finished` (done) or
    /// `other`/`reported` (partly).
    func writeAction(_ w: inout ArchiveXML, _ a: AssignmentView) throws {
        try w.xml.start("action")
        try w.element("actionText", a.title, seq: a.seq, field: "title")
        try w.xml.element("actionDue", text: a.deadline.description)
        try w.element("actionMotivation", a.note, seq: a.seq, field: "note")
        try w.element("actionType", "assignment \(a.assignment): \(a.status.rawValue)", seq: a.seq, field: "assignment")
        try w.xml.start("dates")
        try w.xml.element("actionDate", ["dateType": "decision"], text: Self.dateTime(a.issued))
        if let reported = a.reported {
            if a.status == .done {
                try w.xml.element("actionDate", ["dateType": "finished"], text: Self.dateTime(reported))
            } else {
                try w.xml.element("actionDate", ["dateType": "other", "otherDateType": "reported"], text: Self.dateTime(reported))
            }
        }
        try w.xml.end()
        try w.xml.start("agents")
        for (type, name) in [("responsible_person", a.assignee), ("authorising_person", a.issuedBy)] {
            try w.xml.start("agent", ["agentType": type])
            try w.element("name", name, seq: a.seq, field: type)
            try w.xml.end()
        }
        try w.xml.end()
        try w.xml.end()
    }
}
