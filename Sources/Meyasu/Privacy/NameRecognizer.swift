/// Finds personal names in the folded view: full names of rostered staff anywhere (kanji or
/// reading, with or without a space), and a surname or given name followed by an honorific or a
/// title (山田さん, 佐藤課長, タロウくん). Without a roster, common surnames with an honorific or
/// title. A bare surname is never redacted: roster surnames are also place names and words
/// (長岡市, 森林, 中村橋).
struct NameRecognizer: Sendable {
    /// Names to redact wherever they appear (full names), by their first view character.
    private let anywhere: [UInt32: [[UInt32]]]
    /// A bitmap over the BMP of the first characters of `anywhere`: one test per character.
    private let anywhereFirst: [UInt64]
    /// Names to redact when an honorific or title follows, by their last view character.
    private let beforeTitleByLast: [UInt32: [[UInt32]]]
    /// Roster staff numbers, redacted as whole tokens.
    private let staffNumbers: Set<[UInt32]>
    /// The same names by their first view character, for a signature at a sentence's start.
    private let surnamesByFirst: [UInt32: [[UInt32]]]

    init(roster: Roster?) {
        var anywhere: [UInt32: [[UInt32]]] = [:]
        var beforeTitle: [UInt32: [[UInt32]]] = [:]
        var numbers = Set<[UInt32]>()
        func add(_ text: String, to table: inout [UInt32: [[UInt32]]], minimum: Int = 1) {
            let folded = FoldedView(text.unicodeScalars.map(\.value)).chars.filter { $0 != 0x20 }
            guard folded.count >= minimum, let first = folded.first else { return }
            if !(table[first]?.contains(folded) ?? false) { table[first, default: []].append(folded) }
        }
        for surname in Self.commonSurnames { add(surname, to: &beforeTitle) }
        for person in roster?.people ?? [] {
            add(person.surname + person.givenName, to: &anywhere, minimum: 2)
            add(person.surnameReading + person.givenNameReading, to: &anywhere, minimum: 3)
            for part in [person.surname, person.givenName, person.surnameReading, person.givenNameReading] where !part.isEmpty {
                add(part, to: &beforeTitle)
            }
            let number = FoldedView(person.staffNumber.unicodeScalars.map(\.value)).chars
            if number.count >= 3 { numbers.insert(number) }
        }
        // Longest first, so that 山田太郎 wins over 山田.
        self.anywhere = anywhere.mapValues { $0.sorted { $0.count > $1.count } }
        var bits = [UInt64](repeating: 0, count: 1024)
        for first in anywhere.keys where first < 0x10000 { bits[Int(first >> 6)] |= 1 << (first & 63) }
        anywhereFirst = bits
        var byLast: [UInt32: [[UInt32]]] = [:]
        for names in beforeTitle.values {
            for name in names { byLast[name.last!, default: []].append(name) }
        }
        beforeTitleByLast = byLast.mapValues { $0.sorted { $0.count > $1.count } }
        surnamesByFirst = beforeTitle.mapValues { $0.sorted { $0.count > $1.count } }
        staffNumbers = numbers
    }

    func findings(in view: FoldedView) -> [PIIScrubber.Finding] {
        var found: [PIIScrubber.Finding] = []
        // Full names of rostered staff, anywhere.
        if !anywhere.isEmpty {
            let bits = anywhereFirst
            view.chars.withUnsafeBufferPointer { chars in
                var index = 0
                while index < chars.count {
                    let value = chars[index]
                    if value < 0x10000, bits[Int(value >> 6)] & (1 << (value & 63)) == 0 {
                        index += 1
                        continue
                    }
                    if let candidates = anywhere[value],
                       let end = candidates.lazy.compactMap({ view.match($0, at: index, allowingSpaces: true) }).first {
                        found.append(.init(range: index..<end, kind: .name))
                        index = end
                    } else {
                        index += 1
                    }
                }
            }
        }
        // A name before an honorific or title: find the (rare) titles first, then look back.
        for titleStart in Self.titleStarts(in: view) {
            var end = titleStart
            while end > 0, view[end - 1] == 0x20 { end -= 1 }
            guard end > 0 else { continue }
            let candidates = beforeTitleByLast[view[end - 1]] ?? []
            if let name = candidates.first(where: { name in
                name.count <= end && name.indices.allSatisfy { view[end - name.count + $0] == name[$0] }
            }) {
                found.append(.init(range: (end - name.count)..<end, kind: .name))
            } else if Self.contactTitles.contains(where: { view.matches($0, at: titleStart) }), let start = fullName(endingAt: end, in: view) {
                // A full name given as a contact: 渡辺由美（内線2240）.
                found.append(.init(range: start..<end, kind: .name))
            }
        }
        // A signature at a sentence's start: 中村由美です。, 山田翔太と申します (a two-character
        // given name, as for contacts).
        for start in view.chars.indices where start == 0 || Self.isSentenceEnd(view.chars[start - 1]) {
            for name in surnamesByFirst[view[start]] ?? [] where view.match(name, at: start, allowingSpaces: false) != nil {
                let given = start + name.count
                if let end = [given + 2].first(where: { end in
                    (given..<end).allSatisfy { Self.isNameCharacter(view[$0]) } && Self.introductions.contains { view.matches($0, at: end) }
                }) {
                    found.append(.init(range: start..<end, kind: .name))
                    break
                }
            }
        }
        if !staffNumbers.isEmpty {
            // Tokens of letters and digits, from where they start (a number or a word anchor).
            for start in (view.numberStarts + view.wordStarts).sorted() where view.isAlnum(start) && !view.isAlnum(start - 1) {
                var end = start
                while view.isAlnum(end) { end += 1 }
                if staffNumbers.contains(Array(view.chars[start..<end])) { found.append(.init(range: start..<end, kind: .staffNumber)) }
            }
        }
        return found
    }

    /// Where an honorific or title starts in the view (titles start at the view's marks).
    static func titleStarts(in view: FoldedView) -> [Int] {
        view.marks.filter { mark in
            ScrubAnchors.titlesByFirst[view.chars[mark]]?.contains { view.matches($0, at: mark) } ?? false
        }
    }

    /// The start of a surname followed by a given name of two characters (the common length;
    /// longer ones let place and organisation names through: 長岡市役所, 森林組合) that ends at
    /// `end`, when the surname starts at a boundary (not inside a longer word such as 森林組合).
    private func fullName(endingAt end: Int, in view: FoldedView) -> Int? {
        for givenLength in 2...2 {
            let surnameEnd = end - givenLength
            guard surnameEnd > 0, (surnameEnd..<end).allSatisfy({ Self.isNameCharacter(view[$0]) }),
                  let candidates = beforeTitleByLast[view[surnameEnd - 1]] else { continue }
            for name in candidates where name.count <= surnameEnd && name.indices.allSatisfy({ view[surnameEnd - name.count + $0] == name[$0] }) {
                let start = surnameEnd - name.count
                if !Self.isNameCharacter(view[start - 1]) { return start }
            }
        }
        return nil
    }

    /// Kanji (and 々) or katakana (the view folds hiragana to katakana): what a name is written in.
    static func isNameCharacter(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || value == 0x3005 || (0x30A1...0x30FA).contains(value)
    }

    /// Titles that mark a name as a contact.
    static let contactTitles = ["(内線", "内線"].map(ScrubAnchors.fold)
    /// What follows a name introducing its writer.
    static let introductions = ["です", "と申します", "といいます"].map(ScrubAnchors.fold)
    /// What ends a sentence in the view (。 ! ? a line break, a space): a switch, not a set, since
    /// it is asked of every character.
    @inline(__always)
    static func isSentenceEnd(_ value: UInt32) -> Bool {
        switch value {
        case 0x3002, 0x21, 0x3F, 0x0A, 0x20: true
        default: false
        }
    }

    /// Common Japanese surnames, recognised with an honorific or title when there is no roster.
    static let commonSurnames: [String] = """
        佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 清水 \
        山崎 森 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 青木 坂本 \
        斉藤 福田 太田 西村 藤井 金子 岡本 藤原 中野 三浦 原田 中川 松田 竹内 小野 田村 中山 和田 石田 森田 \
        上田 原 内田 柴田 酒井 宮崎 横山 高木 安藤 宮本 大野 小島 谷口 今井 工藤 高田 増田 丸山 杉山 村田 \
        大塚 新井 小山 平野 藤本 河野 上野 野口 武田 松井 千葉 岩崎 菅原 木下 久保 佐野 野村 松尾 市川 菊地 \
        杉本 古川 大島 西田 桜井 水野 高野 渡部 吉川 山内 飯田 西川 菊池 小松 北村 安田 五十嵐 川口 平田 関 \
        中西 久保田 服部 東 岩田 土屋 川崎 福島 本田 辻 樋口 秋山 田口 永井 山中 中尾 浅野 荒木 大西 黒田 \
        星野 堀 尾崎 望月 永田 熊谷 内藤 松岡 大久保 島田 平井 早川 荒井 古賀 大橋 宮田 小池 須藤 石原 \
        片山 松下 渡邉 齋藤 長岡 小山田 今村 星 桑原 大川 堀内 小西 田辺 石橋 川上 岡 松浦 本間 風間
        """.split(separator: " ").map(String.init)
}

extension FoldedView {
    /// Where `pattern` (folded, without spaces) ends if it matches at `index`; with
    /// `allowingSpaces`, single spaces between its characters are allowed (山田 太郎).
    func match(_ pattern: [UInt32], at index: Int, allowingSpaces: Bool) -> Int? {
        var position = index
        for (offset, char) in pattern.enumerated() {
            if allowingSpaces, offset > 0, self[position] == 0x20, self[position + 1] == char { position += 1 }
            guard self[position] == char else { return nil }
            position += 1
        }
        return position
    }

    // MARK: street addresses

    /// Street addresses: a town name followed by 丁目/番(地)/号 numbers or by three hyphenated
    /// numbers (大手通1丁目4番地10, 大手通1-4-10). The municipality before it (長岡市) is kept.
    func addresses() -> [PIIScrubber.Finding] {
        var found: [PIIScrubber.Finding] = []
        // Addresses start at a number or a kanji numeral (both anchors), in text order.
        let candidates = (numberStarts.filter { isDigit($0) } + marks.filter { isKanjiNumeral($0) }).sorted()
        var covered = 0
        for index in candidates where index >= covered && !isDigit(index - 1) && !isKanjiNumeral(index - 1) {
            var end = index
            var markers = 0
            var hyphenGroups = 1
            while end < count {
                if isDigit(end) || isKanjiNumeral(end) {
                    end += 1
                } else if matches(Self.chome, at: end) {
                    end += 2
                    markers += 1
                } else if matches(Self.banchi, at: end) {
                    end += 2
                    markers += 1
                } else if self[end] == 0x756A, isDigit(end + 1) || self[end + 1] == 0x5730 || isDigit(end - 1) && (isDigit(end + 1) || self[end + 1] == 0x53F7) {
                    end += 1   // 番
                    markers += 1
                } else if self[end] == 0x53F7, isDigit(end - 1) {
                    end += 1   // 号
                    markers += 1
                } else if self[end] == 0x2D || self[end] == 0x30CE, isDigit(end - 1), isDigit(end + 1) {
                    end += 1   // - or の between numbers
                    hyphenGroups += 1
                } else {
                    break
                }
            }
            let numbered = markers >= 1 && (markers >= 2 || matches(Self.chome, at: max(index, end - 2)) || isDigit(end - 1))
            // Phone numbers start with 0; house numbers do not.
            let hyphenated = markers == 0 && hyphenGroups >= 3 && self[index] != 0x30
            let townStart = townNameStart(before: index)
            if (numbered || hyphenated), let townStart, end - index >= 3 {
                found.append(.init(range: townStart..<end, kind: .address))
                covered = end
            }
        }
        return found
    }

    private static let chome = ScrubAnchors.fold("丁目")
    private static let banchi = ScrubAnchors.fold("番地")

    private func isKanjiNumeral(_ index: Int) -> Bool {
        ScrubAnchors.kanjiNumerals.contains(self[index])
    }

    /// The start of the town name (kanji or katakana, up to 8) ending just before `index`;
    /// nil when there is none (then the numbers are not an address). Stops after 市, 区, 郡, 県,
    /// 都, 府 so the municipality stays.
    private func townNameStart(before index: Int) -> Int? {
        var start = index
        while start > 0, index - start < 8 {
            let value = self[start - 1]
            let isTownChar = (0x4E00...0x9FFF).contains(value) || (0x30A1...0x30FA).contains(value) || value == 0x30FC || value == 0x30F6 || value == 0x30F5
            if !isTownChar || [0x5E02, 0x533A, 0x90E1, 0x770C, 0x90FD, 0x5E9C].contains(value) { break }
            start -= 1
        }
        // 第3条 and 第12条 are not places: 第 starts a number, not a town; nor is a label such as
        // 個人番号 or 職員番号 followed by its number.
        if start < index, self[index - 1] == 0x7B2C || self[index - 1] == 0x53F7 || self[index - 1] == 0x756A { return nil }
        // A town name holds a kanji (大手通, 幸町); kana alone is ordinary text (電話は…).
        guard index - start >= 2, (start..<index).contains(where: { (0x4E00...0x9FFF).contains(self[$0]) }) else { return nil }
        return start
    }
}
