import Foundation
import Testing
@testable import Meyasu
import MeyasuSamples

/// The shipped routing set, read once: hand-written proposals labelled with their owner.
enum RoutingSet {
    static let all: [RoutingExample] = {
        let reader = LabelledProposalReader(profiles: [try! Fixtures.proposalsProfile()],
                                            organization: try! Fixtures.organization(), keyer: Fixtures.keyer)
        return Workspace.labelledFiles(in: SampleFiles.directory.appendingPathComponent("routing"))
            .filter { $0.contains("part-") }
            .flatMap { try! reader.read($0, labelColumn: Workspace.sampleLabelColumn).examples }
    }()

    /// A fixed split: every fifth proposal is held out.
    static var training: [RoutingExample] { all.indices.filter { $0 % 5 != 0 }.map { all[$0] } }
    static var heldOut: [RoutingExample] { all.indices.filter { $0 % 5 == 0 }.map { all[$0] } }
}

@Suite("RoutingFeatures and FeatureIndex")
struct RoutingFeaturesTests {
    @Test("Unigrams for kanji; bigrams and trigrams across content characters, not within a run of hiragana; digits folded to 0")
    func features() {
        var grams: [String] = []
        RoutingFeatures.forEach(in: "3階のwi-fiについて") { grams.append(RoutingFeatures.text(of: $0)) }
        #expect(grams == ["階", "0階", "階の", "0階の", "のw", "階のw", "wi", "のwi", "fi", "iに", "fiに", "iにつ"])
        // Three hiragana are grammar; a trigram of supplementary-plane kanji keeps every scalar.
        grams.removeAll()
        RoutingFeatures.forEach(in: "𠮷野家している") { grams.append(RoutingFeatures.text(of: $0)) }
        #expect(grams == ["𠮷", "野", "𠮷野", "家", "野家", "𠮷野家", "家し", "野家し", "家して"])
    }

    @Test("Scalars are decoded from UTF-8 of one to four bytes; contains finds a part at either end or not at all")
    func scalarsAndContains() {
        for text in ["", "a", "é", "道路", "𠮷野家", "aé道𠮷z\n", String(repeating: "窓口ｱ", count: 50)] {
            #expect(RoutingFeatures.scalars(of: text) == text.unicodeScalars.map(\.value))
        }
        #expect(ProposalRouter.contains("市民課窓口", "市民"))
        #expect(ProposalRouter.contains("市民課窓口", "窓口"))
        #expect(ProposalRouter.contains("市民課窓口", ""))
        #expect(!ProposalRouter.contains("市民課窓口", "窓口係"))
        #expect(!ProposalRouter.contains("市民", "市民課窓口"))
        #expect(!ProposalRouter.contains("", "市"))
    }

    @Test("The index finds every code it was built with and nothing else")
    func index() {
        let codes = (0..<5000).map { RoutingFeatures.Code($0) &* 2_654_435_761 }.shuffled()
        // Every split between the small and the large table, the empty ones included.
        for hot in [0, 1, 100, 4999, 5000, 9000] {
            let index = FeatureIndex(codes: codes, hot: hot)
            #expect(codes.indices.allSatisfy { index.id(of: codes[$0]) == $0 })
            #expect(index.id(of: 3) == nil)
            #expect(index.id(of: 1) == nil)
        }
        #expect(FeatureIndex(codes: []).id(of: 7) == nil)
    }

    @Test("A lookup of many keys finds each key's id and value, and -1 and 0 for keys not there")
    func matches() {
        let codes = (0..<5000).map { RoutingFeatures.Code($0) &* 2_654_435_761 }.shuffled()
        let values = codes.indices.map { Float($0) / 8 + 0.5 }
        // Present and absent keys mixed, some twice, as a proposal's n-grams are.
        let keys = (0..<3000).map { $0 % 3 == 0 ? RoutingFeatures.Code($0) &* 7 + 1 : codes[($0 * 37) % codes.count] }
        func look(up keys: [RoutingFeatures.Code], in index: FeatureIndex) -> [FeatureIndex.Match] {
            var matches = [FeatureIndex.Match](repeating: .init(id: 9, value: 9), count: keys.count)
            var pending = [Int32](repeating: 0, count: keys.count)
            var absent = [Int32](repeating: 0, count: keys.count)
            keys.withUnsafeBufferPointer { keys in
                matches.withUnsafeMutableBufferPointer { matches in
                    pending.withUnsafeMutableBufferPointer { pending in
                        absent.withUnsafeMutableBufferPointer { index.matches(of: keys, into: matches, pending: pending, absent: $0) }
                    }
                }
            }
            return matches
        }
        for hot in [0, 100, 4999, 5000] {
            let index = FeatureIndex(codes: codes, values: values, hot: hot)
            let matches = look(up: keys, in: index)
            for (key, match) in zip(keys, matches) {
                if let id = index.id(of: key) {
                    #expect(match.id == Int32(id) && match.value == values[id])
                } else {
                    #expect(match.id == -1 && match.value == 0)
                }
            }
            #expect(matches.filter { $0.id >= 0 }.count == 2000)
        }
        // Without values, each key found has the value 0.
        let plain = look(up: keys, in: FeatureIndex(codes: codes))
        #expect(plain.filter { $0.id >= 0 }.count == 2000 && plain.allSatisfy { $0.value == 0 })
    }
}

@Suite("KeywordMatcher and HintMatcher")
struct RoutingMatcherTests {
    @Test("Keywords are found once per text, overlapping ones included")
    func keywords() {
        let matcher = KeywordMatcher(keywords: [[("除雪", 3), ("雪", 1)], [("駐車場", 3)]])
        let found = matcher.matches(in: "除雪のあと駐車場も除雪")
        #expect(found.map(\.phrase).sorted() == ["除雪", "雪", "駐車場"])
        #expect(matcher.matches(in: "会議室").isEmpty)
    }

    @Test("Keywords are found at a text's last characters, outside the BMP, and of one character")
    func keywordEdges() {
        let matcher = KeywordMatcher(keywords: [[("𠮷野", 2), ("課", 1)], [("駐車場", 3), ("ab", 1)]])
        #expect(matcher.matches(in: "これは𠮷野").map(\.phrase) == ["𠮷野"])
        #expect(matcher.matches(in: "人事課").map(\.phrase) == ["課"])
        #expect(matcher.matches(in: "第二駐車場").map(\.phrase) == ["駐車場"])
        #expect(matcher.matches(in: "xab").map(\.phrase) == ["ab"])
        #expect(matcher.matches(in: "駐車").isEmpty)
        #expect(matcher.matches(in: "𠮷").isEmpty)
        #expect(matcher.matches(in: "").isEmpty)
    }

    @Test("Scores are each class's plain sum over the vector, whatever the number of classes", arguments: [1, 3, 4, 14, 16, 17])
    func scores(classes: Int) {
        let texts = ["道路の穴を補修してほしい", "職員の研修制度を見直す", "窓口の待ち時間", "会議室の予約システム", "除雪の計画"]
        let documents = (0..<max(classes, 5)).map {
            ComplementNaiveBayes.Document(title: texts[$0 % texts.count], body: texts[($0 + 2) % texts.count] + "について",
                                          label: $0 % classes)
        }
        let model = ComplementNaiveBayes(documents: documents, classCount: classes, smoothing: 0.3, titleWeight: 1)
        var scratch = ComplementNaiveBayes.Scratch()
        let title = RoutingFeatures.scalars(of: "道路と会議室")
        let body = RoutingFeatures.scalars(of: "研修の待ち時間と除雪、道路の穴")
        let vector = model.vector(title: title, body: body, titleWeight: 1, scratch: &scratch)
        #expect(!vector.isEmpty)
        var expected = [Float](repeating: 0, count: classes)
        for (id, value) in vector {
            for label in 0..<classes { expected[label] += value * model.weights[id * model.stride + label] }
        }
        #expect(model.scores(vector, scratch: &scratch) == expected)
        // A model of no features (texts of punctuation only) scores every text 0, and its bytes
        // read back.
        let empty = ComplementNaiveBayes(documents: [.init(title: "", body: "、。！", label: 0)], classCount: classes,
                                         smoothing: 0.3, titleWeight: 1)
        var other = ComplementNaiveBayes.Scratch()
        let none = empty.vector(title: title, body: body, titleWeight: 1, scratch: &other)
        #expect(none.isEmpty && empty.scores(none, scratch: &other) == [Float](repeating: 0, count: classes))
        #expect(ComplementNaiveBayes(encoded: empty.encoded(), classCount: classes)?.codes.isEmpty == true)
        // The same text again (the scratch's counts were left at zero) gives the same vector.
        let again = model.vector(title: title, body: body, titleWeight: 1, scratch: &scratch)
        #expect(again.map(\.0) == vector.map(\.0) && again.map(\.1) == vector.map(\.1))
    }

    @Test("A hint names departments by 課, alias or 部局; two names share; none is empty")
    func hints() throws {
        let matcher = HintMatcher(names: [("人事課", [0]), ("人事", [0]), ("職員厚生課", [1]), ("総務部", [0, 1])])
        #expect(matcher.departments(in: "人事課さん") == [0: 1])
        #expect(matcher.departments(in: "人事課か職員厚生課") == [0: 0.5, 1: 0.5])
        #expect(matcher.departments(in: "総務部?") == [0: 0.5, 1: 0.5])
        #expect(matcher.departments(in: "わからない").isEmpty)
    }
}

@Suite("ProposalRouter")
struct ProposalRouterTests {
    static let router = ProposalRouter(organization: try! Fixtures.organization(), examples: RoutingSet.training)

    func route(_ title: String, _ body: String, hint: String? = nil, router: ProposalRouter = Self.router) -> RoutingDecision {
        let normalizer = TextNormalizer()
        var scratch = ProposalRouter.Scratch()
        return router.route(RoutingInput(title: normalizer.key(title), body: normalizer.key(body), hint: hint.map(normalizer.key)),
                            scratch: &scratch, segmenter: WordSegmenter())
    }

    @Test("Clear cases and the organisation's boundary cases go to their owner", arguments: [
        ("駐車場前の道路が凍結", "冬の朝、職員駐車場前の市道が凍って転びそうになる。除雪の順番を見直してほしい。", "doboku"),
        ("テレワークの対象を広げてほしい", "在宅勤務を使える職員の範囲と回数の上限を見直し、子育て中の職員も使えるようにしてほしい。", "jinji"),
        ("自宅からVPNがつながらない", "テレワークの日、自宅のパソコンからVPNに接続できず、庁内のファイルが見られない。", "joho"),
        ("長時間勤務の職員への面談", "残業が月80時間を超えた職員に産業医の面接指導を確実に受けてもらう仕組みがほしい。", "kosei"),
        ("会議のルールを決めたい", "会議が長い。開始と終了の時刻、資料の事前配布を会議運営のガイドラインで決めてほしい。", "gyokan"),
        ("会議室が足りない", "会議室の予約がいつも埋まっていて、打合せの場所がない。空いている部屋を会議室にしてほしい。", "kanzai"),
        ("住民票の交付を早く", "窓口で住民票の写しを待つ時間が長い。書かない窓口を広げてほしい。", "shimin"),
        ("入札の手続きを電子化", "入札参加の申請が紙で、業者も職員も手間がかかる。電子入札を広げてほしい。", "keiyaku"),
    ])
    func owners(title: String, body: String, expected: String) {
        let decision = route(title, body)
        #expect(decision.candidates.first?.department == expected, "words: \(decision.words)")
        #expect(decision.candidates.count == 3)
        #expect(abs(decision.candidates.map(\.score).reduce(0, +) - 1) < 0.5)
    }

    @Test("The words that decided it are real words, keywords first")
    func explanation() {
        let decision = route("駐車場前の道路が凍結", "除雪の順番を見直してほしい。")
        #expect(decision.words.contains("除雪"))
        #expect(!decision.words.contains { $0.unicodeScalars.contains { (0x3041...0x3096).contains($0.value) } && $0.count == 2 })
        #expect(decision.words.count <= 5)
    }

    @Test("Below the confidence threshold a proposal goes to triage, with its candidates")
    func triage() throws {
        var organization = try Fixtures.organization()
        organization.confidenceThreshold = 0.999_999
        let router = ProposalRouter(organization: organization, examples: RoutingSet.training)
        let decision = route("いろいろ", "よろしくお願いします。", router: router)
        #expect(!decision.confident)
        #expect(decision.department == "gyokan")
        #expect(decision.candidates.count == 3)
    }

    @Test("The confidence temperature changes how sure the router says it is, never its order")
    func confidenceTemperature() throws {
        var organization = try Fixtures.organization()
        let model = ProposalRouter.train(organization: organization, examples: RoutingSet.training)
        var decisions: [Double: RoutingDecision] = [:]
        for temperature in [0.5, 1.0, 1.4, 3.0] {
            organization.routing.confidenceTemperature = temperature
            let router = ProposalRouter(organization: organization, model: model)
            decisions[temperature] = route("書類の扱い", "書類の扱いについて見直したい。", router: router)
        }
        let orders = decisions.values.map { $0.candidates.map(\.department) }
        #expect(Set(orders.map { $0.joined(separator: ",") }).count == 1)
        // A hotter softmax is less sure: p_i(T) is p_i(1)^(1/T), normalised.
        let confidence = { (temperature: Double) in decisions[temperature]!.confidence }
        #expect(confidence(0.5) > confidence(1.0) && confidence(1.0) > confidence(1.4) && confidence(1.4) > confidence(3.0))
        let one = decisions[1.0]!.candidates.map(\.score)
        let three = decisions[3.0]!.candidates.map(\.score)
        // The ratio of two candidates' probabilities is their ratio at T = 1, to the power 1/T.
        #expect(abs(three[0] / three[1] - pow(one[0] / one[1], 1 / 3.0)) < 1e-9 * three[0] / three[1])
    }

    @Test("A deciding n-gram is shown as the run of kanji, katakana or Latin letters it sits in", arguments: [
        ("ed", "照明をledにしてほしい", "led"),
        ("照明", "執務室の照明器具が暗い", "照明器具"),
        ("ニタ", "大型モニター", "モニター"),
    ])
    func evidenceWord(gram: String, text: String, word: String) {
        let scalars = gram.unicodeScalars.map(\.value)
        let code: RoutingFeatures.Code = 1 << 63 | RoutingFeatures.Code(scalars[0]) << 21 | RoutingFeatures.Code(scalars[1])
        #expect(ProposalRouter.run(around: code, in: RoutingFeatures.scalars(of: text)) == word)
    }

    @Test("A hint adds weight to the department it names, and says so")
    func hint() {
        let without = route("書類の扱い", "書類の扱いについて見直したい。")
        let with = route("書類の扱い", "書類の扱いについて見直したい。", hint: "会計課さん")
        let score = { (decision: RoutingDecision) in decision.candidates.first { $0.department == "kaikei" }?.score ?? 0 }
        #expect(score(with) > score(without))
        #expect(with.hintAgreed == (with.candidates.first?.department == "kaikei"))
    }

    @Test("A hint that names only the matter (道路の担当) points at the department whose keyword it holds")
    func hintByMatter() {
        let without = route("いろいろ", "よろしくお願いします。")
        let with = route("いろいろ", "よろしくお願いします。", hint: "道路の担当")
        let doboku = { (decision: RoutingDecision) in decision.candidates.first { $0.department == "doboku" }?.score ?? 0 }
        #expect(without.candidates.first?.department != "doboku")
        // The hint is worth hint_weight in log-odds: e^1.5 ≈ 4.5 times the odds, enough to put
        // doboku among the candidates of a text that says nothing, and well above before.
        #expect(doboku(with) > 3 * doboku(without))
        #expect(with.candidates.prefix(2).contains { $0.department == "doboku" })
    }

    @Test("Learning helps: held-out accuracy with examples beats keywords and duties alone")
    func learning() throws {
        let organization = try Fixtures.organization()
        let held = RoutingSet.heldOut
        #expect(RoutingSet.all.count >= 900)
        let learned = RoutingEvaluation(router: Self.router, examples: held)
        let rules = RoutingEvaluation(router: ProposalRouter(organization: organization, examples: []), examples: held)
        // Regression floors (docs/routing.md has the measured figures).
        #expect(learned.accuracy >= 0.72)
        #expect(learned.top3Accuracy >= 0.92)
        #expect(learned.accuracy > rules.accuracy + 0.1)
    }

    @Test("Cross-validation routes every example once, each by a router that did not learn it")
    func crossValidation() throws {
        let sample = Array(RoutingSet.all.prefix(100))
        let evaluation = RoutingEvaluation(crossValidating: sample, folds: 5, organization: try Fixtures.organization())
        #expect(evaluation.total == 100)
        #expect(evaluation.departments.reduce(0) { $0 + $1.support } == 100)
        #expect(evaluation.top1 == evaluation.total - evaluation.misses.count)
        // Each proposal counted in one confidence band; together they are the whole evaluation.
        #expect(evaluation.bands.reduce(0) { $0 + $1.proposals } == 100)
        #expect(evaluation.bands.reduce(0) { $0 + $1.correct } == evaluation.top1)
        #expect(evaluation.bands.allSatisfy { $0.proposals == 0 || ($0.meanConfidence >= $0.from && $0.meanConfidence <= $0.to) })
        #expect(evaluation.bands.reduce(0) { $0 + $1.confidenceSum } > 0)
    }

    @Test("The calibration error is the gap between confidence and share right, over ten equal bands")
    func calibrationError() throws {
        let held = Array(RoutingSet.heldOut.prefix(200))
        let evaluation = RoutingEvaluation(router: Self.router, examples: held)
        // The same figure worked out here from each decision.
        var bins = [(count: Double, right: Double, confidence: Double)](repeating: (0, 0, 0), count: 10)
        var scratch = ProposalRouter.Scratch()
        for example in held {
            let decision = Self.router.route(example.input, scratch: &scratch)
            let bin = min(9, Int(decision.confidence * 10))
            bins[bin].count += 1
            bins[bin].confidence += decision.confidence
            if decision.candidates.first?.department == example.department { bins[bin].right += 1 }
        }
        let expected = bins.reduce(0) { $0 + abs($1.right - $1.confidence) } / Double(held.count)
        #expect(abs(evaluation.calibrationError - expected) < 1e-12)
        #expect(evaluation.calibrationError > 0 && evaluation.calibrationError < 0.5)
        #expect(RoutingEvaluation(router: Self.router, examples: []).calibrationError == 0)
    }
}

@Suite("Organization: routing knowledge")
struct OrganizationRoutingTests {
    @Test("The shipped organisation has keywords and aliases for every department")
    func shipped() throws {
        let organization = try Fixtures.organization()
        #expect(organization.departments.count == 14)
        #expect(organization.departments.allSatisfy { $0.keywords.count >= 50 && !$0.aliases.isEmpty })
        #expect(organization.routing == Organization.RoutingSettings())
    }

    @Test("A bad keyword weight or an unknown routing key is refused, naming the key", arguments: [
        ("  - code: a\n    bureau: b\n    section: c\n    duties: d\n    keywords:\n      雪: 0\n", "keywords"),
        ("  - code: a\n    bureau: b\n    section: c\n    duties: d\nrouting:\n  hint_wieght: 2\n", "routing.hint_wieght"),
        ("  - code: a\n    bureau: b\n    section: c\n    duties: d\nrouting:\n  smoothing: 0\n", "routing"),
        ("  - code: a\n    bureau: b\n    section: c\n    duties: d\nrouting:\n  confidence_temperature: 0\n", "routing.confidence_temperature"),
        ("  - code: a\n    bureau: b\n    section: c\n    duties: d\nrouting:\n  confidence_temperature: 50\n", "routing.confidence_temperature"),
    ])
    func refused(departments: String, key: String) {
        let folder = TemporaryFolder()
        let path = folder.write("organization.yaml", utf8: "triage: a\nconfidence_threshold: 0.5\ndepartments:\n" + departments)
        #expect {
            _ = try Organization.load(from: URL(fileURLWithPath: path))
        } throws: { error in
            (error as? ConfigError)?.message.contains(key) == true && (error as? ConfigError)?.message.contains("organization.yaml") == true
        }
    }
}

@Suite("LabelledProposalReader")
struct LabelledProposalReaderTests {
    let reader = LabelledProposalReader(profiles: [try! Fixtures.proposalsProfile()], organization: try! Fixtures.organization(),
                                        keyer: Fixtures.keyer)

    @Test("Labels may be codes or 課 names; an unknown label is a row problem that never quotes it")
    func labels() throws {
        let folder = TemporaryFolder()
        let path = folder.write("l.csv", utf8: "回答ID,回答日時,件名,改善案,owner\r\n"
            + "1,2025/06/12 14:03:27,除雪,道が凍る。山田課長（内線1234）に相談した,doboku\r\n"
            + "2,2025/06/12 14:03:27,会議室,足りない,管財課\r\n"
            + "3,2025/06/12 14:03:27,何か,何か,秘密の部署\r\n")
        let result = try reader.read(path, labelColumn: "owner")
        #expect(result.examples.map(\.department) == ["doboku", "kanzai"])
        #expect(result.problems.count == 1)
        #expect(result.problems[0].line == 4 && result.problems[0].column == "owner")
        #expect(!result.problems[0].reason.contains("秘密"))
        // Examples hold scrubbed key forms only.
        #expect(!result.examples[0].input.body.contains("1234") && !result.examples[0].input.body.contains("山田"))
    }

    @Test("A label cell with a NUL byte is reported as such, naming line and column")
    func nulLabel() throws {
        let folder = TemporaryFolder()
        let path = folder.write("nul.csv", utf8: "回答ID,回答日時,件名,改善案,owner\r\n1,2025/06/12 14:03:27,a,b,dx\u{0}\r\n")
        let result = try reader.read(path, labelColumn: "owner")
        #expect(result.examples.isEmpty)
        #expect(result.problems.map(\.reason) == ["contains a NUL byte"])
        #expect(result.problems.first?.column == "owner" && result.problems.first?.line == 2)
    }

    @Test("A file without the label column is rejected, naming the file and the column")
    func missingColumn() {
        let folder = TemporaryFolder()
        let path = folder.write("nolabel.csv", utf8: "回答ID,回答日時,件名,改善案\r\n1,2025/06/12 14:03:27,a,b\r\n")
        #expect {
            _ = try reader.read(path, labelColumn: "owner")
        } throws: { error in
            (error as? IngestError)?.message.contains("nolabel.csv has no column owner") == true
        }
    }
}

@Suite("MeyasuStore: hand-overs")
struct HandOverTests {
    @Test("assign moves the proposal, records the move and keeps it as a training example")
    func assign() throws {
        let folder = TemporaryFolder()
        let store = try MeyasuStore()
        let path = folder.write("p.csv", utf8: Fixtures.header + "\r\n" + Fixtures.row("A1") + "\r\n")
        #expect(try Fixtures.importer(store).importFile(at: path).counts.imported == 1)
        let id = try #require(try store.proposals(.init()).first?.id)
        let from = try store.assign(proposal: id, to: "dx", reason: "デジタル化の案件", actor: "admin")
        #expect(from == "gyokan")
        try store.assign(proposal: id, to: "joho", reason: "機器の話だった", actor: "dx")
        let detail = try #require(try store.proposal(id: id))
        #expect(detail.summary.department == "joho")
        #expect(detail.events.map(\.toDepartment) == ["dx", "joho"])
        #expect(detail.events.map(\.actor) == ["admin", "dx"])
        // One example per proposal: the latest owner.
        #expect(try store.routingExamples().map(\.department) == ["joho"])
        #expect(try store.routingExampleCounts() == ["handover": 1])
    }

    @Test("An unknown proposal is a not-found error naming the id")
    func unknown() throws {
        let store = try MeyasuStore()
        #expect {
            try store.assign(proposal: 42, to: "dx", reason: "x", actor: "admin")
        } throws: { error in
            (error as? StoreError)?.code == .notFound && (error as? StoreError)?.message.contains("42") == true
        }
    }
}
