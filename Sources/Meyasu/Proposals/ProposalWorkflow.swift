import Foundation

/// A department's work on its proposals: status changes, answers drafted then published,
/// private notes and hand-overs, with the rules checked here (the CLI and the portal both go
/// through this type, so neither can skip them):
///
/// - a department may act only on the proposals assigned to it; `admin` (the scheme's office)
///   on any;
/// - a status must be configured and the move allowed (`StatusRules`); statuses in
///   `reason_required` need a reason;
/// - every free text (answer, note, reason) is put into its display form and scrubbed of
///   identifiers before it is stored, like imported text (DESIGN promise 1);
/// - every change is an event in the proposal's history; nothing is overwritten there.
public struct ProposalWorkflow: Sendable {
    public let store: MeyasuStore
    public let rules: StatusRules
    public let organization: Organization
    let scrubber: PIIScrubber
    let normalizer = TextNormalizer()
    let clock: @Sendable () -> Date

    public init(store: MeyasuStore, rules: StatusRules, organization: Organization, roster: Roster? = nil,
                clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.rules = rules
        self.organization = organization
        self.scrubber = PIIScrubber(roster: roster)
        self.clock = clock
    }

    /// `text` as it may be stored: display form, identifiers replaced by placeholders, trimmed.
    public func clean(_ text: String) -> String {
        scrubber.scrub(normalizer.display(text)).text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Changes proposal `id`: moves it to `status`, drafts the answer `text`, publishes the
    /// answer (the new text, else the latest draft) — any of them, in that order, in one
    /// transaction.
    /// - Parameters:
    ///   - reason: why (needed for the statuses in `reason_required`); kept in the history.
    /// - Returns: the proposal's state afterwards.
    /// - Throws: `WorkflowError` for a refused change; `StoreError(.notFound)` for an unknown id.
    @discardableResult
    public func update(_ id: Int64, status: String? = nil, reason: String? = nil, answer text: String? = nil,
                       publish: Bool = false, as actor: WorkflowActor) throws -> ProposalState {
        try checkStatus(status)
        let answer = text.map(clean)
        if answer?.isEmpty == true {
            throw WorkflowError(.nothingToDo, "--text is empty; write the answer (or leave --text out).")
        }
        let cleanReason = reason.map(clean).flatMap { $0.isEmpty ? nil : $0 }
        if status == nil && answer == nil && !publish {
            throw WorkflowError(.nothingToDo, "nothing to change on proposal \(id): give --status, --text or --publish.")
        }
        return try store.changeProposal(id: id, actor: actor.description, noteOwner: actor.noteOwner, at: clock()) { state in
            try authorize(actor, on: state)
            var change = ProposalChange(draft: answer, publish: publish)
            if let status, status != state.status {
                guard rules.allows(from: state.status, to: status) else {
                    let next = rules.transitions[state.status] ?? []
                    throw WorkflowError(.illegalTransition, "proposal \(id) cannot move from \(state.status) to \(status); "
                        + (next.isEmpty ? "\(state.status) is final." : "from \(state.status) it can move to \(next.joined(separator: ", "))."))
                }
                if rules.reasonRequired.contains(status) && cleanReason == nil {
                    throw WorkflowError(.reasonRequired, "--reason is needed to move proposal \(id) to \(status); say why (it is kept in the history).")
                }
                change.status = status
                change.reason = cleanReason
            }
            if publish && answer == nil && state.draftAnswer == nil {
                throw WorkflowError(.nothingToDo, "proposal \(id) has no drafted answer to publish; give the answer with --text.")
            }
            return change
        }
    }

    /// Adds a private note of the actor's department (or of admin) to proposal `id`.
    /// - Throws: `WorkflowError` when the text is empty or the actor may not work on it.
    public func addNote(_ id: Int64, text: String, as actor: WorkflowActor) throws {
        let note = clean(text)
        if note.isEmpty { throw WorkflowError(.nothingToDo, "--text is empty; write the note.") }
        try store.changeProposal(id: id, actor: actor.description, noteOwner: actor.noteOwner, at: clock()) { state in
            try authorize(actor, on: state)
            return ProposalChange(note: note)
        }
    }

    /// The actor's own private notes on proposal `id` (a department never sees another's).
    public func notes(_ id: Int64, as actor: WorkflowActor) throws -> [ProposalNote] {
        guard try store.proposalState(id: id) != nil else {
            throw StoreError(.notFound, "there is no proposal \(id); list them with `meyasu proposals list`.")
        }
        return try store.notes(proposal: id, owner: actor.noteOwner)
    }

    /// Refuses a status this workspace does not have (`proposals.statuses`), naming `--status`.
    public func checkStatus(_ status: String?) throws {
        if let status, !rules.isKnown(status) {
            throw WorkflowError(.unknownStatus, "--status \(status) is not a status of this workspace; use one of: \(rules.statuses.joined(separator: ", ")).")
        }
    }

    /// Refuses a code that is not a department of organization.yaml, naming `option`.
    public func checkDepartment(_ code: String?, option: String = "--department") throws {
        if let code, organization.department(code) == nil {
            throw WorkflowError(.unknownDepartment, "\(option) \(code) is not a department code in organization.yaml; use one of: \(organization.departments.map(\.code).joined(separator: ", ")).")
        }
    }

    /// Hands proposal `id` on to `department` (see `MeyasuStore.assign`); a department may hand
    /// on only its own proposals.
    /// - Returns: the department it came from.
    @discardableResult
    public func assign(_ id: Int64, to department: String, reason: String, as actor: WorkflowActor) throws -> String {
        try checkDepartment(department)
        let why = clean(reason)
        if why.isEmpty { throw WorkflowError(.nothingToDo, "--reason must say why the proposal moves.") }
        return try store.assign(proposal: id, to: department, reason: why, actor: actor.description, at: clock()) { from in
            try authorize(actor, onDepartment: from, id: id)
            // Not a hand-over: it would enter the history and teach the router nothing new.
            if from == department {
                throw WorkflowError(.nothingToDo, "proposal \(id) is already assigned to \(department); choose the department that should own it.")
            }
        }
    }

    private func authorize(_ actor: WorkflowActor, on state: ProposalState) throws {
        try authorize(actor, onDepartment: state.department, id: state.id)
    }

    private func authorize(_ actor: WorkflowActor, onDepartment department: String, id: Int64) throws {
        guard actor.mayWork(on: department) else {
            throw WorkflowError(.forbidden, "--as \(actor) may not change proposal \(id): it is assigned to \(department); only \(department) or admin may act on it.")
        }
    }
}
