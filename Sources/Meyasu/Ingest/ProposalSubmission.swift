import Foundation

/// One proposal as it leaves the ingest stage: no identifier, no exact time, no raw 回答ID.
public struct ProposalSubmission: Sendable, Equatable {
    /// A free-text field other than the title, in the form's order.
    public struct TextField: Sendable, Equatable, Codable {
        public var field: String
        public var label: String
        /// The text as read (tidied), replaced by its display form by the Text stage.
        public var text: String

        public init(field: String, label: String, text: String) {
            self.field = field
            self.label = label
            self.text = text
        }
    }

    /// The options chosen in a choice or multi-select column.
    public struct ChoiceField: Sendable, Equatable, Codable {
        public var field: String
        public var label: String
        public var values: [String]

        public init(field: String, label: String, values: [String]) {
            self.field = field
            self.label = label
            self.values = values
        }
    }

    /// HMAC-SHA256 of the 回答ID under the workspace key (32 bytes).
    public var responseKey: Data
    /// SHA-256 of everything below (32 bytes), to tell a repeat from a changed response.
    public var contentHash: Data
    public var submittedOn: CivilDate
    /// The title (display form once the Text stage has run).
    public var title: String
    /// The title's key form; empty until the Text stage has run.
    public var titleKey: String = ""
    public var texts: [TextField]
    /// The key forms of `texts`, in the form's order, one line each (routing, duplicates,
    /// search); empty until the Text stage has run.
    public var bodyKey: String = ""
    public var choices: [ChoiceField]
    public var routingHint: String?
    /// The routing hint's key form.
    public var routingHintKey: String?
    /// Where the router sends it and why; nil until routed (or when there is no router).
    public var routing: RoutingDecision?
    /// The content hash stored under the same 回答ID when the Text stage looked (a row of a
    /// cumulative export imported before): such a row skips the Text stage and routing (and the
    /// scrubbing, when the reading left it), so it must not be stored as it is. Nil for every
    /// other row.
    public var storedContentHash: Data?
    /// How many identifiers the scrubber replaced in this response's text, by kind.
    public var redactions = RedactionCounts()
    /// True while the free text is as read, identifiers and all: the import's reading stage
    /// leaves the scrubbing to its Text stage, which runs on two threads. Nothing stores a
    /// submission that is (`ProposalBatchWriter.add` stops).
    public var awaitsScrubbing = false
    /// Presence flags of identifier columns that keep only "was filled in" (e.g. `attachment`).
    public var flags: [String]

    public init(responseKey: Data, contentHash: Data, submittedOn: CivilDate, title: String,
                texts: [TextField], choices: [ChoiceField], routingHint: String?, flags: [String]) {
        self.responseKey = responseKey
        self.contentHash = contentHash
        self.submittedOn = submittedOn
        self.title = title
        self.texts = texts
        self.choices = choices
        self.routingHint = routingHint
        self.flags = flags
    }
}

extension ProposalSubmission {
    /// Replaces the identifiers in the title, the routing hint and every text field (one pass of
    /// `scrubber` over them all) and counts them.
    mutating func scrub(with scrubber: PIIScrubber, scratch: PIIScrubber.Scratch) {
        // A closure, not a key path (a call per element).
        let (clean, counts) = scrubber.scrub(fields: [title, routingHint ?? ""] + texts.map { $0.text }, scratch: scratch)
        title = clean[0]
        if routingHint != nil { routingHint = clean[1] }
        for index in texts.indices { texts[index].text = clean[index + 2] }
        redactions = counts
        awaitsScrubbing = false
    }
}
