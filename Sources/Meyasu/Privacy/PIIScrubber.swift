/// Finds identifiers inside free text and replaces each with a typed placeholder
/// (〔メール〕, 〔電話番号〕, 〔個人番号〕, …).
///
/// Detection runs on a folded view of the text — full-width letters and digits made ASCII, every
/// dash a hyphen, every space a space — one view character per original character, so that
/// `０９０－１２３４－５６７８`, `090ー1234ー5678` and `taro＠city.example.jp` are caught, while the
/// redaction replaces the original span. This slice recognises contact and number identifiers
/// (e-mail, phone numbers and extensions, URLs with a user or a query, IP addresses, My Number
/// with a valid check digit, postal codes after 〒 or 郵便番号, staff numbers after 職員番号 / 職番 /
/// ID); personal names and street addresses are the next recognisers (docs/privacy.md).
///
/// A pure value: no I/O, safe to share.
public struct PIIScrubber: Sendable {
    /// Personal names (from the roster, or common surnames with an honorific or title).
    let names: NameRecognizer

    /// - Parameter roster: the HR staff list, if configured; without it only common surnames
    ///   followed by an honorific or title are recognised as names.
    public init(roster: Roster? = nil) {
        names = NameRecognizer(roster: roster)
    }

    /// A found identifier: the range of scalars it covers and its kind.
    public struct Finding: Sendable, Equatable {
        public var range: Range<Int>
        public var kind: RedactionKind
    }

    /// `text` with every identifier replaced, and how many of each kind were replaced.
    public func scrub(_ text: String) -> (text: String, counts: RedactionCounts) {
        var utf8 = text
        let result: (String, RedactionCounts)? = utf8.withUTF8 { bytes in
            let view = FoldedView(utf8: bytes)
            let findings = resolve(findings(in: view))
            if findings.isEmpty { return nil }
            var counts = RedactionCounts()
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + findings.count * 16)
            var index = 0
            for finding in findings {
                // View ranges map back to byte ranges of the original: the redaction replaces
                // exactly what was written, whatever its width or kana.
                let range = view.originalRange(finding.range)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<range.lowerBound]))
                out.append(contentsOf: finding.kind.placeholder.utf8)
                counts.add(finding.kind)
                index = range.upperBound
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index...]))
            return (String(decoding: out, as: UTF8.self), counts)
        }
        // Nothing found: the text as it came, without building a new string.
        return result ?? (text, RedactionCounts())
    }

    /// Scrubs several fields in one pass: their bytes are laid end to end with U+001F between
    /// them (which no recogniser reads across), so one view and one set of scans serve them all.
    /// Fields without a finding come back as they were, without copying.
    public func scrub(fields: [String], scratch: Scratch = Scratch()) -> (fields: [String], counts: RedactionCounts) {
        var joined = scratch.takeJoined()
        joined.removeAll(keepingCapacity: true)
        defer { scratch.joined = joined }
        var bounds: [Range<Int>] = []
        bounds.reserveCapacity(fields.count)
        for field in fields {
            if !bounds.isEmpty { joined.append(0x1F) }
            let start = joined.count
            joined.append(contentsOf: field.utf8)
            bounds.append(start..<joined.count)
        }
        let found: [(range: Range<Int>, kind: RedactionKind)] = joined.withUnsafeBufferPointer { bytes in
            let view = FoldedView(utf8: bytes, scratch: scratch)
            defer { scratch.recycle(view) }
            return resolve(findings(in: view)).map { (view.originalRange($0.range), $0.kind) }
        }
        if found.isEmpty { return (fields, RedactionCounts()) }
        var counts = RedactionCounts()
        var cleaned = fields
        for (field, bound) in bounds.enumerated() {
            // A finding never spans a separator; one that did would be cut at the field's edge.
            let inside = found.filter { $0.range.overlaps(bound) }
            guard !inside.isEmpty else { continue }
            var out: [UInt8] = []
            out.reserveCapacity(bound.count + inside.count * 16)
            var index = bound.lowerBound
            for finding in inside {
                let range = finding.range.clamped(to: bound)
                if range.lowerBound < index { continue }
                out.append(contentsOf: joined[index..<range.lowerBound])
                out.append(contentsOf: finding.kind.placeholder.utf8)
                counts.add(finding.kind)
                index = range.upperBound
            }
            out.append(contentsOf: joined[index..<bound.upperBound])
            cleaned[field] = String(decoding: out, as: UTF8.self)
        }
        return (cleaned, counts)
    }

    /// Buffers that one thread reuses from call to call (the import scrubs every row): a view
    /// of a row takes about 12 bytes per character, and allocating that anew for each row costs
    /// more than filling it. Not to be shared between threads.
    public final class Scratch {
        var joined: [UInt8] = []
        var chars: [UInt32] = []
        var origin: [Int] = []
        var anchors: ([Int], [Int], [Int]) = ([], [], [])

        public init() {}

        // Taking a buffer leaves the scratch without it, so the caller's copy is unique and is
        // reused in place rather than copied.
        func takeJoined() -> [UInt8] { defer { joined = [] }; return joined }
        func takeChars() -> [UInt32] { defer { chars = [] }; return chars }
        func takeOrigin() -> [Int] { defer { origin = [] }; return origin }

        /// Empty anchor lists with room from earlier views.
        func takeAnchors() -> ([Int], [Int], [Int]) {
            var (numbers, words, marks) = anchors
            anchors = ([], [], [])
            numbers.removeAll(keepingCapacity: true)
            words.removeAll(keepingCapacity: true)
            marks.removeAll(keepingCapacity: true)
            return (numbers, words, marks)
        }

        /// Keeps a view's storage for the next one (unique again once the view is gone).
        func recycle(_ view: FoldedView) {
            chars = view.chars
            origin = view.origin
            anchors = (view.numberStarts, view.wordStarts, view.marks)
        }
    }

    /// The identifiers in `text`, in order, not overlapping, as ranges of its unicode scalars.
    public func findings(in text: String) -> [Finding] {
        let view = FoldedView(text.unicodeScalars.map(\.value))
        return resolve(findings(in: view)).map { Finding(range: view.originalRange($0.range), kind: $0.kind) }
    }

    private func findings(in view: FoldedView) -> [Finding] {
        // No anchor, no contact or number identifier: only a rostered full name could be here.
        if view.numberStarts.isEmpty && view.wordStarts.isEmpty && view.marks.isEmpty { return names.findings(in: view) }
        var found: [Finding] = []
        found += view.urls()
        found += view.emails()
        found += view.myNumbers()
        found += view.phones()
        found += view.postalCodes()
        found += view.staffNumbers()
        found += view.ipAddresses()
        found += view.addresses()
        found += names.findings(in: view)
        return found
    }

    /// Keeps the earliest, then the longest, then the more specific finding; drops what overlaps.
    private func resolve(_ found: [Finding]) -> [Finding] {
        var found = found
        found.sort { ($0.range.lowerBound, -$0.range.count, $0.kind.priority) < ($1.range.lowerBound, -$1.range.count, $1.kind.priority) }
        var kept: [Finding] = []
        for finding in found where kept.last.map({ $0.range.upperBound <= finding.range.lowerBound }) ?? true {
            kept.append(finding)
        }
        return kept
    }
}

extension FoldedView {
    // MARK: e-mail

    func emails() -> [PIIScrubber.Finding] {
        var found: [PIIScrubber.Finding] = []
        for at in marks where chars[at] == 0x40 {
            var start = at
            while start > 0, isLocalPart(self[start - 1]) { start -= 1 }
            while start < at, self[start] == 0x2E { start += 1 }   // a local part does not start with "."
            guard start < at else { continue }
            var end = at + 1
            var dots = 0
            var lastDot = -1
            while end < count, isAlnum(end) || self[end] == 0x2D || (self[end] == 0x2E && isAlnum(end + 1)) {
                if self[end] == 0x2E { dots += 1; lastDot = end }
                end += 1
            }
            guard dots > 0, end - lastDot - 1 >= 2, (lastDot + 1..<end).allSatisfy({ isLetter($0) }) else { continue }
            found.append(.init(range: start..<end, kind: .email))
        }
        return found
    }

    private func isLocalPart(_ value: UInt32) -> Bool {
        (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
            || value == 0x2E || value == 0x5F || value == 0x25 || value == 0x2B || value == 0x2D
    }

    // MARK: URLs

    /// URLs that carry a user (`user@host`) or a query (`?…`): those can point at a person. A
    /// plain address such as the city's home page stays.
    func urls() -> [PIIScrubber.Finding] {
        var found: [PIIScrubber.Finding] = []
        let starts = wordStarts.filter { start in
            matches(Self.http, at: start, ignoringCase: true) || matches(Self.https, at: start, ignoringCase: true)
                || matches(Self.www, at: start, ignoringCase: true) && !isDigit(start - 1) && self[start - 1] != 0x2F
        }
        for start in starts {
            var end = start
            while end < count, (0x21...0x7E).contains(self[end]), ![0x22, 0x3C, 0x3E, 0x5E, 0x60, 0x7B, 0x7C, 0x7D].contains(self[end]) {
                end += 1
            }
            while end > start, [0x2E, 0x2C, 0x29, 0x5D, 0x3B, 0x3A, 0x21].contains(self[end - 1]) { end -= 1 }
            let body = (start..<end)
            let carriesUser = body.contains { self[$0] == 0x40 }
            let carriesQuery = body.contains { self[$0] == 0x3F }
            if carriesUser || carriesQuery { found.append(.init(range: body, kind: .url)) }
        }
        return found
    }

    private static let http = ScrubAnchors.fold("http://")
    private static let https = ScrubAnchors.fold("https://")
    private static let www = ScrubAnchors.fold("www.")

    // MARK: phone numbers

    /// Japanese phone numbers in every shape (0X-XXXX-XXXX, (0258)39-2222, 090 1234 5678,
    /// 0258392222, +81 90-1234-5678), extensions after 内線 / ext, and short numbers after 電話,
    /// TEL, 携帯, FAX or ℡.
    func phones() -> [PIIScrubber.Finding] {
        var found: [PIIScrubber.Finding] = []
        var covered = 0
        for index in numberStarts where index >= covered {
            let startsNumber = !isAlnum(index - 1) && self[index - 1] != 0x2E && self[index - 1] != 0x2D
            if startsNumber, let (range, digits) = numberChunk(from: index), isPhone(digits) {
                // An opening parenthesis belongs to the number only as in (0258)39-2222.
                var start = range.lowerBound
                while self[start] == 0x28, self[start + 1] != 0x30 || !range.contains(where: { self[$0] == 0x29 }) { start += 1 }
                found.append(.init(range: start..<range.upperBound, kind: .phone))
                covered = range.upperBound
            }
        }
        // Extensions and numbers announced by a label.
        for label in ScrubAnchors.extensionLabels {
            for start in starts(of: label, ignoringCase: true) {
                let digitsStart = skipLabelSeparators(from: start + label.count)
                var end = digitsStart
                while end < count, isDigit(end) || (self[end] == 0x2D && isDigit(end + 1)) { end += 1 }
                let digits = (digitsStart..<end).filter { isDigit($0) }.count
                if (2...8).contains(digits), !isDigit(end) { found.append(.init(range: digitsStart..<end, kind: .phone)) }
            }
        }
        for label in ScrubAnchors.phoneLabels {
            for start in starts(of: label, ignoringCase: true) {
                var position = skipLabelSeparators(from: start + label.count)
                while position < count, self[position] == 0x756A || self[position] == 0x53F7 || self[position] == 0x20 { position += 1 }  // 番号
                if let (range, digits) = numberChunk(from: position), digits.count >= 6, range.lowerBound == position {
                    found.append(.init(range: range, kind: .phone))
                }
            }
        }
        return found
    }

    /// Digits with single separators (-, space, parentheses, a leading +) from `index`.
    func numberChunk(from index: Int) -> (Range<Int>, [UInt32])? {
        var position = index
        var digits: [UInt32] = []
        var lastDigitEnd = index
        var previousWasSeparator = false
        while position < count, position - index < 24 {
            let value = self[position]
            if (0x30...0x39).contains(value) {
                digits.append(value)
                position += 1
                lastDigitEnd = position
                previousWasSeparator = false
            } else if value == 0x2B && position == index {
                position += 1
            } else if value == 0x28 || value == 0x29 {
                position += 1
                previousWasSeparator = false
            } else if value == 0x2D || value == 0x20 {
                if previousWasSeparator || !isDigit(position + 1) && self[position + 1] != 0x28 { break }
                previousWasSeparator = true
                position += 1
            } else {
                break
            }
        }
        guard !digits.isEmpty, !isDigit(lastDigitEnd) else { return nil }
        return (index..<lastDigitEnd, digits)
    }

    /// 0 + 9 or 10 digits, or +81 + 9 or 10 digits (the leading 0 dropped, or kept in "(0)").
    func isPhone(_ digits: [UInt32]) -> Bool {
        if digits.count >= 11, digits[0] == 0x38, digits[1] == 0x31 {
            let rest = digits.dropFirst(2)
            let national = rest.first == 0x30 ? rest.dropFirst() : rest
            return (9...10).contains(national.count) && national.first != 0x30
        }
        return digits.first == 0x30 && (10...11).contains(digits.count) && digits[1] != 0x30
            || digits.first == 0x30 && digits.count == 10 && digits.starts(with: [0x30, 0x31, 0x32, 0x30])
    }

    // MARK: My Number

    /// 12 digits, together or grouped 4-4-4, whose last digit is the My Number check digit.
    func myNumbers() -> [PIIScrubber.Finding] {
        var found: [PIIScrubber.Finding] = []
        var covered = 0
        for index in numberStarts where index >= covered && isDigit(index) {
            var position = index
            var digits: [Int] = []
            var separator: UInt32?
            while position < count, digits.count < 12 {
                if isDigit(position) {
                    digits.append(Int(self[position] - 0x30))
                    position += 1
                } else if digits.count % 4 == 0, digits.count > 0, self[position] == 0x2D || self[position] == 0x20,
                          separator == nil || separator == self[position], isDigit(position + 1) {
                    separator = self[position]
                    position += 1
                } else {
                    break
                }
            }
            if digits.count == 12, !isDigit(position), Self.isValidMyNumber(digits) {
                found.append(.init(range: index..<position, kind: .myNumber))
                covered = position
            }
        }
        return found
    }

    /// The check digit of 個人番号 (総務省令): 11 − (Σ Pn×Qn mod 11), 0 when the remainder is 0 or 1,
    /// with Pn the n-th of the first 11 digits counted from the right, Qn = n+1 (n ≤ 6) or n−5.
    static func isValidMyNumber(_ digits: [Int]) -> Bool {
        guard digits.count == 12 else { return false }
        var sum = 0
        for n in 1...11 {
            let p = digits[11 - n]
            let q = n <= 6 ? n + 1 : n - 5
            sum += p * q
        }
        let remainder = sum % 11
        let check = remainder <= 1 ? 0 : 11 - remainder
        return check == digits[11]
    }

    // MARK: postal codes

    func postalCodes() -> [PIIScrubber.Finding] {
        var found: [PIIScrubber.Finding] = []
        for label in ScrubAnchors.postalLabels {
            for start in starts(of: label) {
                let from = skipLabelSeparators(from: start + label.count)
                guard isDigit(from) else { continue }
                var end = from
                var digits = 0
                while end < count, isDigit(end) || (self[end] == 0x2D && digits == 3 && isDigit(end + 1)) {
                    if isDigit(end) { digits += 1 }
                    end += 1
                }
                if digits == 7, !isDigit(end) { found.append(.init(range: from..<end, kind: .postalCode)) }
            }
        }
        return found
    }

    // MARK: staff numbers

    /// A token of 3–12 letters and digits (at least 3 digits) after 職員番号, 職番, 職員ID or ID.
    func staffNumbers() -> [PIIScrubber.Finding] {
        var found: [PIIScrubber.Finding] = []
        for label in ScrubAnchors.staffNumberLabels {
            let isID = label.count == 2 && label[0] == 0x49
            for start in starts(of: label, ignoringCase: isID) {
                if isID, isLetter(start - 1) || isLetter(start + 2) { continue }
                let from = skipLabelSeparators(from: start + label.count)
                var end = from
                while end < count, isAlnum(end) || (self[end] == 0x2D && isAlnum(end + 1)) { end += 1 }
                let digits = (from..<end).filter { isDigit($0) }.count
                if (3...12).contains(end - from), digits >= 3 { found.append(.init(range: from..<end, kind: .staffNumber)) }
            }
        }
        return found
    }

    // MARK: IP addresses

    func ipAddresses() -> [PIIScrubber.Finding] {
        var found: [PIIScrubber.Finding] = []
        var covered = 0
        for index in numberStarts where index >= covered && isDigit(index) && self[index - 1] != 0x2E {
            var position = index
            var groups = 0
            var valid = true
            while groups < 4 {
                var value = 0
                var length = 0
                while isDigit(position), length < 3 {
                    value = value * 10 + Int(self[position] - 0x30)
                    position += 1
                    length += 1
                }
                if length == 0 || value > 255 || isDigit(position) { valid = false; break }
                groups += 1
                if groups < 4 {
                    guard self[position] == 0x2E else { valid = false; break }
                    position += 1
                }
            }
            if valid, groups == 4, !(self[position] == 0x2E && isDigit(position + 1)), !isAlnum(position) {
                found.append(.init(range: index..<position, kind: .ip))
                covered = position
            }
        }
        // IPv6: hex groups with "::" or at least five colons. Every one holds a colon: start from
        // the colons, back to the start of their run of hex digits and colons.
        covered = 0
        for colon in marks where colon >= covered && chars[colon] == 0x3A {
            var index = colon
            while isHex(index - 1) || self[index - 1] == 0x3A { index -= 1 }
            var end = index
            var colons = 0
            var doubleColon = false
            var groupLength = 0
            var ok = true
            while end < count, isHex(end) || self[end] == 0x3A {
                if self[end] == 0x3A {
                    colons += 1
                    if self[end + 1] == 0x3A { doubleColon = true }
                    groupLength = 0
                } else {
                    groupLength += 1
                    if groupLength > 4 { ok = false }
                }
                end += 1
            }
            if ok, colons >= 2, doubleColon || colons >= 5, (index..<end).contains(where: { isHex($0) }), !isAlnum(end) {
                found.append(.init(range: index..<end, kind: .ip))
            }
            covered = end
        }
        return found
    }

    private func isHex(_ index: Int) -> Bool {
        let value = self[index]
        return (0x30...0x39).contains(value) || (0x41...0x46).contains(value) || (0x61...0x66).contains(value)
    }
}
