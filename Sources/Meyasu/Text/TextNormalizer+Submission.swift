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
            appendKey(of: field.text, to: &body, &buffers)
        }
        submission.bodyKey = String(decoding: body, as: UTF8.self)
        submission.routingHintKey = submission.routingHint.map { form($0, .key, &buffers) }
    }

    /// Both halves: display and key forms of every field. One scan of a field tells whether either
    /// form changes it (`shortcuts`); only the fields it cannot vouch for are normalised.
    public func normalizeFields(of submission: inout ProposalSubmission, buffers: inout Buffers) {
        (submission.title, submission.titleKey) = forms(submission.title, &buffers)
        var body: [UInt8] = []
        body.reserveCapacity(submission.texts.reduce(0) { $0 + $1.text.utf8.count + 1 })
        for index in submission.texts.indices {
            if index > 0 { body.append(0x0A) }
            var text = submission.texts[index].text
            if text.isEmpty { continue }
            let verdict = text.withUTF8 { Self.shortcuts($0) }
            if let display = verdict.display {
                if display != .unchanged {
                    text = Self.applying(display, to: text)
                    submission.texts[index].text = text
                }
                // The key verdict holds for the display form too (it was read as the display form
                // writes it, and narrowing what is already narrow changes nothing).
                appendKey(of: text, knownShortcut: verdict.key, to: &body, &buffers)
            } else {
                text = slowForm(text, .display, &buffers)
                submission.texts[index].text = text
                appendKey(of: text, to: &body, &buffers)
            }
        }
        submission.bodyKey = String(decoding: body, as: UTF8.self)
        if let hint = submission.routingHint {
            let (display, key) = forms(hint, &buffers)
            submission.routingHint = display
            submission.routingHintKey = key
        }
    }

    /// The display and key forms of `text`; what a form leaves as it is comes back without a copy.
    private func forms(_ text: String, _ buffers: inout Buffers) -> (display: String, key: String) {
        if text.isEmpty { return (text, text) }
        var text = text
        let verdict = text.withUTF8 { Self.shortcuts($0) }
        guard let displayShortcut = verdict.display else {
            let display = slowForm(text, .display, &buffers)
            return (display, form(display, .key, &buffers))
        }
        let display = Self.applying(displayShortcut, to: text)
        guard let keyShortcut = verdict.key else { return (display, slowForm(display, .key, &buffers)) }
        return (display, Self.applying(keyShortcut, to: text))
    }

    /// `text` in `mode`; a text the form leaves as it is comes back without a copy (most fields
    /// of a proposal: see `shortcuts`).
    private func form(_ text: String, _ mode: Mode, _ buffers: inout Buffers) -> String {
        if text.isEmpty { return text }
        var text = text
        guard let shortcut = text.withUTF8({ Self.shortcut($0, mode: mode) }) else { return slowForm(text, mode, &buffers) }
        return Self.applying(shortcut, to: text)
    }

    /// `text` in `mode`, through the normaliser.
    private func slowForm(_ text: String, _ mode: Mode, _ buffers: inout Buffers) -> String {
        var text = text
        text.withUTF8 { normalize(utf8: $0, mode: mode, into: &buffers) }
        return String(decoding: buffers.output, as: UTF8.self)
    }

    /// Appends the key form of `display` (a display form) to `body`; `knownShortcut` is what
    /// `shortcuts` said of it, when that was already asked.
    private func appendKey(of display: String, knownShortcut: Shortcut?? = .none, to body: inout [UInt8],
                           _ buffers: inout Buffers) {
        if display.isEmpty { return }
        var display = display
        display.withUTF8 { bytes in
            if let shortcut = knownShortcut ?? Self.shortcut(bytes, mode: .key) {
                shortcut.apply(bytes, to: &body)
            } else {
                normalize(utf8: bytes, mode: .key, into: &buffers)
                body.append(contentsOf: buffers.output)
            }
        }
    }

    /// `text` as `shortcut` writes it; the same string when it changes nothing.
    private static func applying(_ shortcut: Shortcut, to text: String) -> String {
        if shortcut == .unchanged { return text }
        var text = text
        var out: [UInt8] = []
        text.withUTF8 { bytes in
            out.reserveCapacity(bytes.count)
            shortcut.apply(bytes, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
