/// The statuses (状態) a proposal goes through and the moves allowed between them, from the
/// `proposals:` section of `meyasu.yaml` (schema: `schemas/meyasu.schema.json`).
///
/// The default is the city's scheme: 受付 → 検討中 → 採用 / 一部採用 / 継続検討 / 不採用 / 対象外,
/// 採用 and 一部採用 → 実施済; 継続検討 can be decided later; a proposal outside the scheme can be
/// declared 対象外 on arrival. 不採用 and 対象外 need a reason.
public struct StatusRules: Sendable, Equatable {
    /// Every status, in the order lists and filters show them.
    public var statuses: [String]
    /// The status a newly imported proposal starts in.
    public var initial: String
    /// For each status, the statuses it may move to.
    public var transitions: [String: [String]]
    /// Moving into one of these needs a reason (kept in the history).
    public var reasonRequired: Set<String>

    public static let defaultStatuses = ["受付", "検討中", "採用", "一部採用", "継続検討", "不採用", "対象外", "実施済"]
    public static let defaultTransitions: [String: [String]] = [
        "受付": ["検討中", "対象外"],
        "検討中": ["採用", "一部採用", "継続検討", "不採用", "対象外"],
        "継続検討": ["検討中", "採用", "一部採用", "不採用", "対象外"],
        "採用": ["実施済"],
        "一部採用": ["実施済"],
    ]
    public static let defaultReasonRequired = ["不採用", "対象外"]

    public init(statuses: [String] = defaultStatuses, initial: String = "受付",
                transitions: [String: [String]] = defaultTransitions, reasonRequired: [String] = defaultReasonRequired) {
        self.statuses = statuses
        self.initial = initial
        self.transitions = transitions
        self.reasonRequired = Set(reasonRequired)
    }

    /// Whether `status` is one of the configured statuses.
    public func isKnown(_ status: String) -> Bool {
        statuses.contains(status)
    }

    /// Whether a proposal in `from` may move to `to`.
    public func allows(from: String, to: String) -> Bool {
        transitions[from]?.contains(to) ?? false
    }

    /// What is wrong with the configuration, as sentences naming the key; empty when it is usable.
    public func problems() -> [String] {
        var problems: [String] = []
        var seen = Set<String>()
        for status in statuses {
            if status.isEmpty { problems.append("`proposals.statuses` holds an empty status; remove it.") }
            if !seen.insert(status).inserted { problems.append("`proposals.statuses` lists \(status) twice; list each status once.") }
        }
        if statuses.isEmpty { problems.append("`proposals.statuses` is empty; list the statuses (see docs/workflow.md).") }
        if !isKnown(initial) {
            problems.append("`proposals.initial_status` \(initial) is not in `proposals.statuses`; add it there or pick one of them.")
        }
        for from in transitions.keys.sorted() {
            if !isKnown(from) {
                problems.append("`proposals.transitions` has the key \(from), which is not in `proposals.statuses`; add it there or remove the key.")
            }
            for to in transitions[from] ?? [] where !isKnown(to) {
                problems.append("`proposals.transitions.\(from)` names \(to), which is not in `proposals.statuses`; add it there or remove it.")
            }
        }
        for status in reasonRequired.sorted() where !isKnown(status) {
            problems.append("`proposals.reason_required` names \(status), which is not in `proposals.statuses`; add it there or remove it.")
        }
        return problems
    }
}
