import LedgerCore

extension ERMSDocument {
    /// An activity of a plan's content (aktivitet, seed 001 §3.3) as an action of the plan, as an assignment is: its
    /// text, its due date (tidsplan) as `actionDue`, the latest report's note as the motivation, and
    /// `activity ID: STATUS` as its type (ERMS has no place for an action's key or status); its start (`from`) as a
    /// `start` date, a done report as `finished`, any other report as `other`/`reported`; the responsible person
    /// (ansvarig) as `responsible_person` and the contact (kontaktperson) as an `other` agent, `contact_person`. The target group has no element of its own in ERMS: it
    /// goes with the text (`actionText`: "TEXT (målgrupp: GROUP)").
    func writeAction(_ w: inout ArchiveXML, _ a: ActivityView) throws {
        try w.xml.start("action")
        try w.element("actionText", "\(a.text) (målgrupp: \(a.targetGroup))", seq: a.seq, field: "text")
        try w.xml.element("actionDue", text: a.due.description)
        try w.element("actionMotivation", a.note, seq: a.seq, field: "note")
        try w.element("actionType", "activity \(a.activity): \(a.status.rawValue)", seq: a.seq, field: "activity")
        if a.from != nil || a.reported != nil {
            try w.xml.start("dates")
            if let from = a.from { try w.xml.element("actionDate", ["dateType": "start"], text: Self.dateTime(from)) }
            if let reported = a.reported {
                if a.status == .done {
                    try w.xml.element("actionDate", ["dateType": "finished"], text: Self.dateTime(reported))
                } else {
                    try w.xml.element("actionDate", ["dateType": "other", "otherDateType": "reported"], text: Self.dateTime(reported))
                }
            }
            try w.xml.end()
        }
        try w.xml.start("agents")
        try w.xml.start("agent", ["agentType": "responsible_person"])
        try w.element("name", a.responsible, seq: a.seq, field: "responsible")
        try w.xml.end()
        // ERMS has no contact person among its agent types: `other`, named.
        try w.xml.start("agent", ["agentType": "other", "otherAgentType": "contact_person"])
        try w.element("name", a.contact, seq: a.seq, field: "contact")
        try w.xml.end()
        try w.xml.end()
        try w.xml.end()
    }
}
