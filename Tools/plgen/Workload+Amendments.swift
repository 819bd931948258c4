/// `event.corrected` and `event.retracted`, of targets the rules let them amend.
///
/// A target is named by seq, which the generator knows because the file is meant for an empty ledger:
/// seq = line number. A correction writes the target's whole data again with one thing changed and never
/// an identity field (version, dnr, assignment key, metric); a revision keeps its content byte for byte, so
/// the version's metrics and period stay what later follow-ups were checked against. A retraction removes
/// its target from every pool, so nothing amends it again.
extension Workload {
    mutating func emitCorrection() -> Bool {
        let weights = [
            decisions.isEmpty ? 0 : 30, revisions.isEmpty ? 0 : 25, followups.isEmpty ? 0 : 20,
            diaryEntries.isEmpty ? 0 : 10, assignments.isEmpty ? 0 : 6, archives.isEmpty ? 0 : 5,
            registrations.isEmpty ? 0 : 4,
        ]
        guard weights.contains(where: { $0 > 0 }) else { return false }
        let kind = rng.weighted(weights)
        var reason = rng.pick(Vocabulary.correctionReasons[kind])
        switch kind {
        case 0:
            let i = rng.below(decisions.count)
            var r = decisions[i]
            r.text = rng.chance(0.5) ? "\(r.body) \(rng.pick(Vocabulary.decisionTexts))" : r.text + " Protokollet justerat."
            var moved: Day?
            if rng.chance(0.3) {
                moved = r.effective + rng.pick([-2, -1, 1, 7])
                r.effective = moved!
                reason = Vocabulary.correctionReasons[0][0]
            }
            decisions[i] = r
            correct(r.seq, reason: reason, plan: r.plan, targetDay: r.effective, replacementDay: moved) { w in Self.writeData(r, into: &w) }
        case 1:
            let i = rng.below(revisions.count)
            var r = revisions[i]
            let year = r.effective.year
            var approver: String
            repeat {
                approver = Vocabulary.body(rng.pick([0, 1, 2, 3, 5]), year: year)
            } while approver == r.approvedBy
            reason = r.approvedBy == nil ? Vocabulary.correctionReasons[1][0] : rng.pick(Array(Vocabulary.correctionReasons[1].dropFirst()))
            r.approvedBy = approver
            if rng.chance(0.15) { r.change += " (rättad)" }
            revisions[i] = r
            correct(r.seq, reason: reason, plan: r.plan, targetDay: r.effective) { w in Self.writeData(r, into: &w) }
        case 2:
            let i = rng.below(followups.count)
            var r = followups[i]
            r.outcome = outcome(Vocabulary.metrics[r.template])
            r.fulfilment = rng.pick(Self.fulfilments)
            r.comment = "Rättat utfall efter avstämning"
            followups[i] = r
            correct(r.seq, reason: reason, plan: r.plan, targetDay: r.effective) { w in Self.writeData(r, into: &w) }
        case 3:
            let i = rng.below(diaryEntries.count)
            var r = diaryEntries[i]
            if rng.chance(0.5) {
                r.handler = rng.pick(Vocabulary.people)
            } else {
                r.title += ", kompletterad"
            }
            diaryEntries[i] = r
            correct(r.seq, reason: reason, plan: r.plan, targetDay: r.effective) { w in Self.writeData(r, into: &w) }
        case 4:
            let i = rng.below(assignments.count)
            var r = assignments[i]
            r.deadline = r.deadline + rng.int(30...180)
            assignments[i] = r
            correct(r.seq, reason: reason, plan: r.plan, targetDay: r.effective) { w in Self.writeData(r, into: &w) }
        case 5:
            let i = rng.below(archives.count)
            var r = archives[i]
            r.keep.toggle()
            r.cullAfter = r.keep ? nil : Day(year: r.effective.year + rng.int(2...10), month: 12, day: 31)
            archives[i] = r
            correct(r.seq, reason: reason, plan: nil, targetDay: r.effective) { w in Self.writeData(r, into: &w) }
        default:
            let i = rng.below(registrations.count)
            var r = registrations[i]
            if rng.chance(0.5) {
                r.title += " (rättad titel)"
            } else {
                r.owner = Vocabulary.eraName(rng.pick(["Regionstyrelsen", "Regiondirektör", "Regionfullmäktige"]), year: r.effective.year)
            }
            registrations[i] = r
            correct(r.seq, reason: reason, plan: r.plan, targetDay: r.effective) { w in Self.writeData(r, into: &w) }
        }
        return true
    }

    /// Writes an `event.corrected` of `target`; `replacement` writes the replacement data object.
    private mutating func correct(
        _ target: Int, reason: String, plan: String?, targetDay: Day, replacementDay: Day? = nil, replacement: (inout JSONWriter) -> Void
    ) {
        beginEvent("event.corrected", plan: plan != nil && rng.chance(0.5) ? plan : nil, effective: amendmentDay(after: targetDay))
        out.beginObject()
        out.field("target", int: target)
        out.field("reason", reason)
        out.key("replacement")
        out.beginObject()
        if let replacementDay { out.field("effective", date: replacementDay) }
        out.key("data")
        replacement(&out)
        out.endObject()
        out.endObject()
        endEvent()
    }

    mutating func emitRetraction() -> Bool {
        let weights = [decisions.isEmpty ? 0 : 35, followups.isEmpty ? 0 : 35, archives.isEmpty ? 0 : 15, reports.isEmpty ? 0 : 15]
        guard weights.contains(where: { $0 > 0 }) else { return false }
        let target: Int, plan: String?, day: Day
        switch rng.weighted(weights) {
        case 0:
            let r = decisions.remove(at: rng.below(decisions.count))
            (target, plan, day) = (r.seq, r.plan, r.effective)
        case 1:
            let r = followups.remove(at: rng.below(followups.count))
            (target, plan, day) = (r.seq, r.plan, r.effective)
        case 2:
            let r = archives.remove(at: rng.below(archives.count))
            (target, plan, day) = (r.seq, nil, r.effective)
        default:
            let r = reports.remove(at: rng.below(reports.count))
            (target, plan, day) = (r.seq, r.plan, r.effective)
        }
        beginEvent("event.retracted", plan: plan != nil && rng.chance(0.5) ? plan : nil, effective: amendmentDay(after: day))
        out.beginObject()
        out.field("target", int: target)
        out.field("reason", rng.pick(Vocabulary.retractionReasons))
        out.endObject()
        endEvent()
        return true
    }

    /// When an amendment is made: some days to a year after what it amends.
    private mutating func amendmentDay(after day: Day) -> Day {
        min(Self.horizon, max(day, day + rng.int(1...365)))
    }
}
