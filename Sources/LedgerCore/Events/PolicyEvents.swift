/// The perspectives a plan is analysed from (SPEC, "The planning year", Perspective analyses; seed 001 §3.4:
/// "perspektiven jämställdhet- och jämlikhet, barns rättigheter, miljö, regional utveckling och ekonomi").
/// `allCases` is in the order seed 001 §3.4 lists them, and is the order analyses and findings are shown in.
public enum Perspective: String, Sendable, Hashable, CaseIterable, Codable {
    /// Jämställdhet och jämlikhet (seed 001 §3.4.1).
    case genderEquality = "gender-equality"
    /// Barnens rätt (seed 001 §3.4.2).
    case childRights = "child-rights"
    /// Miljö (seed 001 §3.4.3).
    case environment
    /// Ekonomi (seed 001 §3.4.4).
    case economy
    /// Regional utveckling (seed 001 §3.4).
    case regionalDevelopment = "regional-development"

    /// The allowed values as a message lists them: `"gender-equality", "child-rights", …`.
    public static var allowedList: String { allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") }

    /// The position in `allCases`, for sorting.
    public var order: Int { Self.allCases.firstIndex(of: self)! }

    /// Reads one perspective at `path` (an array element), reporting an unknown one with the allowed list.
    static func read(_ r: inout FieldReader, _ v: JSONValue, _ path: String) -> Perspective? {
        guard case .string(let s) = v, let p = Perspective(rawValue: s) else {
            let got = v.stringValue.map { "\"\($0.prefix(40))\"" } ?? v.kindDescription
            r.absorb([Problem(field: path, reason: "expected one of \(allowedList), got \(got)")])
            return nil
        }
        return p
    }
}

/// One perspective analysis of a plan's content (`content.analyses[]`): whether the plan concerns the perspective,
/// and the analysis, or why the plan is not concerned (seed 001 §3.4: "Om planen ej bedöms berörd … motivera varför").
public struct PerspectiveAnalysis: Sendable, Hashable {
    public var perspective: Perspective
    /// false: the plan is judged not to concern the perspective, and `text` says why. Either way the analysis is made.
    public var concerned: Bool
    public var text: String

    public init(perspective: Perspective, concerned: Bool, text: String) {
        self.perspective = perspective
        self.concerned = concerned
        self.text = text
    }

    static func read(_ r: inout FieldReader) -> PerspectiveAnalysis? {
        let perspective = r.choice("perspective", as: Perspective.self)
        let concerned = r.bool("concerned"), text = r.string("text")
        guard let perspective, let concerned, let text else { return nil }
        return PerspectiveAnalysis(perspective: perspective, concerned: concerned, text: text)
    }

    /// Reads `content.analyses`: objects read strictly, each perspective at most once.
    static func readList(_ r: inout FieldReader) -> [PerspectiveAnalysis]? {
        let analyses: [PerspectiveAnalysis]? = r.array("analyses", required: false) { r, v, path in
            guard case .object(let members) = v else {
                r.absorb([Problem(field: path, reason: "expected an object, got \(v.kindDescription)")])
                return nil
            }
            var nested = FieldReader(members, path: path)
            let analysis = PerspectiveAnalysis.read(&nested)
            nested.finish()
            r.absorb(nested.problems)
            return nested.problems.isEmpty ? analysis : nil
        }
        guard let analyses else { return nil }
        var seen: Set<Perspective> = []
        for a in analyses where !seen.insert(a.perspective).inserted {
            r.report("analyses", "perspective \"\(a.perspective.rawValue)\" is analysed twice; one analysis per perspective")
            return nil
        }
        return analyses
    }
}

/// What a policy requires of the plans it covers. v1 knows one requirement.
public enum PolicyRequirement: String, Sendable, Hashable, CaseIterable, Codable {
    /// Every version of a plan of the policy's kinds carries an analysis (`content.analyses`) for each of its perspectives.
    case perspectiveAnalyses = "perspective-analyses"
}

/// `policy.adopted`: a requirement on plans, decided in a governing document (the envelope's `plan`, which must be
/// in the ledger): seed 001 §3.4, the rutin's "det i avsnitt 4 ska finnas en analys" of the five perspectives.
///
/// A policy has its own history: a later `policy.adopted` with the same `policy` key is a new version of that
/// policy, which replaces the earlier from its own effective date (the version in force on a date is the one with
/// the latest effective date on or before it, ties by seq). So a plan version is judged by the policy as it stood on
/// the version's date. `policy` is the identity a correction cannot change.
public struct PolicyAdopted: Sendable, Hashable {
    public var policy: String
    public var requires: PolicyRequirement
    /// The plan kinds the policy covers (`plan.registered`'s `kind`), non-empty, each once.
    public var kinds: [String]
    /// The perspectives a covered plan must analyse, non-empty, each once.
    public var perspectives: [Perspective]
    public var dnr: String?
    public var approvedBy: String

    public init(policy: String, requires: PolicyRequirement, kinds: [String], perspectives: [Perspective], dnr: String?, approvedBy: String) {
        self.policy = policy
        self.requires = requires
        self.kinds = kinds
        self.perspectives = perspectives
        self.dnr = dnr
        self.approvedBy = approvedBy
    }

    static func read(_ r: inout FieldReader) -> PolicyAdopted? {
        let policy = r.key("policy"), requires = r.choice("requires", as: PolicyRequirement.self)
        var valid = true
        let kinds: [String]? = r.array("kinds") { r, v, path in
            guard case .string(let s) = v, !s.allSatisfy(\.isWhitespace) else {
                r.absorb([Problem(field: path, reason: "expected a plan kind (a non-empty text), got \(v.stringValue.map { _ in "an empty text" } ?? v.kindDescription)")])
                return nil
            }
            return s
        }
        if let kinds {
            if kinds.isEmpty { r.report("kinds", "must name at least one plan kind"); valid = false }
            if let twice = duplicate(kinds) { r.report("kinds", "names the kind \"\(twice)\" twice"); valid = false }
        }
        let perspectives: [Perspective]? = r.array("perspectives", Perspective.read)
        if let perspectives {
            if perspectives.isEmpty { r.report("perspectives", "must name at least one perspective (\(Perspective.allowedList))"); valid = false }
            if let twice = duplicate(perspectives) { r.report("perspectives", "names \"\(twice.rawValue)\" twice"); valid = false }
        }
        let dnr = r.string("dnr", required: false), approvedBy = r.string("approvedBy")
        guard valid, let policy, let requires, let kinds, let perspectives, let approvedBy else { return nil }
        return PolicyAdopted(policy: policy, requires: requires, kinds: kinds, perspectives: perspectives, dnr: dnr, approvedBy: approvedBy)
    }

    private static func duplicate<T: Hashable>(_ items: [T]) -> T? {
        var seen: Set<T> = []
        return items.first { !seen.insert($0).inserted }
    }
}
