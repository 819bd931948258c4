/// One frame a generated plan's budget gives: unit, year, kind (0 operating, 1 investment) and the amount in kronor.
struct BudgetFrameRecord {
    var unit: String
    var year: Int
    var kind: Int
    var kronor: Int
}

extension Workload {
    /// The `content.budget` of a revision, or nil (issue 16, SPEC "Budget frames and economic action plans").
    ///
    /// Proportions, as a region's documents have them: the top plans (regionplan, strategic and board plans, levels
    /// 0–1) give frames in mnkr to three to five divisions per year of their period, and a beviljad investeringsram to
    /// one or two, in 60 % of first versions and 15 % of later ones; the division and business plans below (level 2)
    /// take a frame in tkr from one of their parent's frames (10–45 % of it, so that two or three siblings stay
    /// within it; 1.5 % of them exceed it, for the audit's budget-exceeds-frame) with an economic action plan of one
    /// to three measures whose full-year effects run three years (some negative: a cost the first year), in 55 % of
    /// first versions and 10 % of later ones; action plans (level 3) hold measures only, in 8 % of versions. Rutiner
    /// and riktlinjer (level 4) hold none.
    mutating func budgetContent(_ plan: PlanLife, version: Int, year: Int) -> [UInt8]? {
        let level = plan.kindInfo.level
        let first = version == 1
        var w = JSONWriter()
        switch level {
        case 0, 1:
            guard rng.chance(first ? 0.6 : 0.15) else { return nil }
            let years = plan.period.map { Array($0.from...$0.to) } ?? [year + 1]
            var frames: [BudgetFrameRecord] = []
            var units = Vocabulary.divisions
            for _ in 0..<rng.int(3...5) where !units.isEmpty {
                let unit = units.remove(at: rng.below(units.count))
                for y in years { frames.append(BudgetFrameRecord(unit: unit, year: y, kind: 0, kronor: rng.int(3_000...40_000) * 100_000)) }
            }
            for _ in 0..<rng.int(1...2) where !units.isEmpty {
                let unit = units.remove(at: rng.below(units.count))
                frames.append(BudgetFrameRecord(unit: unit, year: years[0], kind: 1, kronor: rng.int(200...4_000) * 100_000))
            }
            budgetFrames[plan.key] = frames
            w.beginObject()
            w.field("currency", "mnkr")
            writeFrames(frames, tenthsOf: 100_000, into: &w)
            w.endObject()
        case 2:
            guard rng.chance(first ? 0.55 : 0.1) else { return nil }
            let parentFrames = plan.parent.flatMap { budgetFrames[$0] } ?? []
            let frame: BudgetFrameRecord
            if parentFrames.isEmpty {
                frame = BudgetFrameRecord(unit: plan.owner, year: plan.period?.from ?? year + 1, kind: 0, kronor: rng.int(20_000...900_000) * 1000)
            } else {
                let given = parentFrames[rng.below(parentFrames.count)]
                let percent = rng.chance(0.015) ? rng.int(101...110) : rng.int(10...45)
                frame = BudgetFrameRecord(unit: given.unit, year: given.year, kind: given.kind, kronor: given.kronor / 100 * percent / 1000 * 1000)
            }
            budgetFrames[plan.key] = [frame]
            w.beginObject()
            w.field("currency", "tkr")
            writeFrames([frame], tenthsOf: nil, into: &w)
            writeMeasures(unit: frame.unit, from: frame.year, count: rng.int(1...3), into: &w)
            w.endObject()
        case 3:
            guard rng.chance(0.08) else { return nil }
            w.beginObject()
            w.field("currency", "tkr")
            writeMeasures(unit: plan.owner, from: plan.period?.from ?? year, count: rng.int(1...2), into: &w)
            w.endObject()
        default:
            return nil
        }
        return w.bytes
    }

    /// `frames`: amounts in mnkr with one decimal (`tenthsOf` kronor per tenth) or in whole tkr (nil).
    private func writeFrames(_ frames: [BudgetFrameRecord], tenthsOf: Int?, into w: inout JSONWriter) {
        w.key("frames")
        w.beginArray()
        for frame in frames {
            w.beginObject()
            w.field("unit", frame.unit)
            w.field("year", int: frame.year)
            w.key("amount")
            if let tenthsOf { w.tenths(frame.kronor / tenthsOf) } else { w.int(frame.kronor / 1000) }
            w.field("kind", frame.kind == 0 ? "operating" : "investment")
            w.endObject()
        }
        w.endArray()
    }

    /// `measures`: `count` measures of `unit`, each with full-year effects in tkr for three years from `from`.
    private mutating func writeMeasures(unit: String, from: Int, count: Int, into w: inout JSONWriter) {
        w.key("measures")
        w.beginArray()
        for index in 0..<count {
            w.beginObject()
            w.field("id", "åtgärd-\(index + 1)")
            w.field("unit", unit)
            w.field("text", rng.pick(Self.measureTexts))
            w.key("effects")
            w.beginArray()
            for y in from..<(from + 3) {
                w.beginObject()
                w.field("year", int: y)
                w.key("amount")
                w.int(y == from && rng.chance(0.25) ? -rng.int(100...2_000) : rng.int(200...6_000))
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
    }

    /// Measures of an economic action plan, as divisions write them.
    static let measureTexts = [
        "Minskad inhyrd personal genom egen bemanningspool", "Samordnade transporter mellan sjukhusen",
        "Översyn av lokalbehovet och uppsägning av externa lokaler", "Digitala vårdbesök ersätter återbesök",
        "Gemensam upphandling av förbrukningsmaterial", "Minskad övertid genom schemaläggning efter behov",
        "Avveckling av dubbla IT-system", "Ökad andel läkemedel enligt rekommendationslistan",
    ]
}
