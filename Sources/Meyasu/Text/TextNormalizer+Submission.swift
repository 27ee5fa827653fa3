extension TextNormalizer {
    /// The Text stage of the import, first half: every free-text field of `submission` is
    /// replaced by its display form. Runs after the content hash, which is taken over the text
    /// as read, so a better normaliser never turns stored responses into conflicts.
    public func displayFields(of submission: inout ProposalSubmission, buffers: inout Buffers) {
        submission.title = form(submission.title, .display, &buffers)
        for index in submission.texts.indices {
            submission.texts[index].text = form(submission.texts[index].text, .display, &buffers)
        }
        if let hint = submission.routingHint { submission.routingHint = form(hint, .display, &buffers) }
    }

    /// Second half: the key form of every field, from its display form (the key of the display
    /// form is the key of the text: tested), so the halves may run on different threads.
    public func keyFields(of submission: inout ProposalSubmission, buffers: inout Buffers) {
        submission.titleKey = form(submission.title, .key, &buffers)
        var body: [UInt8] = []
        body.reserveCapacity(submission.texts.reduce(0) { $0 + $1.text.utf8.count + 1 })
        for (index, field) in submission.texts.enumerated() {
            if index > 0 { body.append(0x0A) }
            var text = field.text
            if text.isEmpty { continue }
            text.withUTF8 { bytes in
                switch Self.shortcut(bytes, mode: .key) {
                case .unchanged:
                    body.append(contentsOf: bytes)
                case .withoutLineBreaks:
                    for byte in bytes where byte != 0x0A { body.append(byte) }
                case nil:
                    normalize(utf8: bytes, mode: .key, into: &buffers)
                    body.append(contentsOf: buffers.output)
                }
            }
        }
        submission.bodyKey = String(decoding: body, as: UTF8.self)
        submission.routingHintKey = submission.routingHint.map { form($0, .key, &buffers) }
    }

    /// Both halves: display and key forms of every field.
    public func normalizeFields(of submission: inout ProposalSubmission, buffers: inout Buffers) {
        displayFields(of: &submission, buffers: &buffers)
        keyFields(of: &submission, buffers: &buffers)
    }

    /// `text` in `mode`; a text the form leaves as it is comes back without a copy (most fields
    /// of a proposal: see `shortcut`).
    private func form(_ text: String, _ mode: Mode, _ buffers: inout Buffers) -> String {
        if text.isEmpty { return text }
        var text = text
        let shortcut: Shortcut? = text.withUTF8 { bytes in
            let shortcut = Self.shortcut(bytes, mode: mode)
            if shortcut == nil { normalize(utf8: bytes, mode: mode, into: &buffers) }
            return shortcut
        }
        switch shortcut {
        case .unchanged:
            return text
        case .withoutLineBreaks:
            return String(decoding: text.utf8.lazy.filter { $0 != 0x0A }, as: UTF8.self)
        case nil:
            return String(decoding: buffers.output, as: UTF8.self)
        }
    }
}
