import Foundation

/// The learned part of the router: complement naive Bayes (Rennie et al., 2003) over TF-IDF
/// weighted character n-grams, trained from labelled proposals and the departments' duties.
///
/// Complement naive Bayes estimates, for each department, how likely each feature is in
/// proposals of *every other* department, which is far steadier than the plain multinomial
/// model when departments have few and uneven examples. Training is counting, so the model is
/// rebuilt from the stored examples whenever a command needs it (milliseconds for thousands).
struct ComplementNaiveBayes: Sendable {
    /// One training document: its key-form title and body, its class and how much it counts.
    struct Document {
        var title: String
        var body: String
        var label: Int
        var weight: Float = 1
    }

    let classCount: Int
    let index: FeatureIndex
    /// Inverse document frequency per feature id.
    let idf: [Float]
    /// Weight of each feature for each class, feature-major: `weights[id * classCount + class]`.
    let weights: [Float]
    /// The feature code of each id (for explanations).
    let codes: [RoutingFeatures.Code]

    /// Trains on `documents`, whose titles count `titleWeight` times. The documents' features are
    /// read twice (for the vocabulary, then for the vectors) rather than held as a table per
    /// document: with thousands of examples those tables would be most of the import's memory.
    init(documents: [Document], classCount: Int, smoothing: Double, titleWeight: Float) {
        self.classCount = classCount
        var counter = Counter(titleWeight: titleWeight)
        var frequencies: [RoutingFeatures.Code: Float] = [:]
        for document in documents {
            counter.count(document)
            for (code, _) in counter.counts { frequencies[code, default: 0] += 1 }
        }
        // Ids in code order, and the counter's features in code order too, so every sum below
        // adds in the same order on every run (a dictionary's order changes with the process's
        // hash seed): the same examples always make the same router, to the last bit.
        let codes = frequencies.keys.sorted()
        let documentFrequency = codes.map { frequencies[$0]! }
        frequencies = [:]
        let index = FeatureIndex(sorted: codes)
        self.index = index
        self.codes = codes
        let total = Float(documents.count)
        // Smoothed IDF, as scikit-learn computes it: ln((1 + n) / (1 + df)) + 1.
        let idf = documentFrequency.map { log((1 + total) / (1 + $0)) + 1 }
        self.idf = idf
        let featureCount = documentFrequency.count
        // Each document's vector once, in flat arrays: counted here, revisited by the refinement.
        var vectorIDs: [Int32] = []
        var vectorValues: [Float] = []
        var vectorEnds: [Int] = []
        var perClass = [Float](repeating: 0, count: featureCount * classCount)
        var all = [Float](repeating: 0, count: featureCount)
        index.withLookup { lookup in
            for document in documents {
                counter.count(document)
                let first = vectorIDs.count
                var norm: Float = 0
                for (code, count) in counter.counts {
                    let id = lookup(code)!  // every code of a training document is in the index
                    let value = (count == 1 ? 1 : 1 + log(count)) * idf[id]
                    vectorIDs.append(Int32(id))
                    vectorValues.append(value)
                    norm += value * value
                }
                let scale = norm > 0 ? 1 / norm.squareRoot() : 0
                for entry in first..<vectorIDs.count {
                    let value = vectorValues[entry] * scale
                    vectorValues[entry] = value
                    let id = Int(vectorIDs[entry])
                    let weighted = value * document.weight
                    perClass[id * classCount + document.label] += weighted
                    all[id] += weighted
                }
                vectorEnds.append(vectorIDs.count)
            }
        }
        // Complement counts: everything in the other classes, smoothed (in place of the counts).
        var complementTotals = [Double](repeating: 0, count: classCount)
        for id in 0..<featureCount {
            for label in 0..<classCount {
                let value = Double(all[id] - perClass[id * classCount + label]) + smoothing
                perClass[id * classCount + label] = Float(value)
                complementTotals[label] += value
            }
        }
        all = []
        // The weights take the complement counts' place.
        var weights = perClass
        perClass = []
        for id in 0..<featureCount {
            for label in 0..<classCount {
                weights[id * classCount + label] = Float(-log(Double(weights[id * classCount + label]) / complementTotals[label]))
            }
        }
        Self.refine(&weights, classCount: classCount, ids: vectorIDs, values: vectorValues, ends: vectorEnds,
                    labels: documents.map(\.label))
        self.weights = weights
    }

    #if !_endian(little)
    #error("ComplementNaiveBayes.encoded() writes the arrays' memory as little-endian numbers.")
    #endif

    /// The trained model as bytes, to be stored and read back by `init?(encoded:classCount:)`:
    /// a header ("MYNB", format 1, classes, features), then the codes, IDFs and weights as
    /// little-endian numbers. A model read back routes exactly as the one that was encoded.
    func encoded() -> Data {
        var data = Data("MYNB".utf8)
        data.reserveCapacity(16 + codes.count * (8 + 4 + 4 * classCount))
        for value in [UInt32(1), UInt32(classCount), UInt32(codes.count)] {
            withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        }
        // The arrays' memory as it is: every platform Swift runs Meyasu on is little-endian.
        codes.withUnsafeBytes { data.append(contentsOf: $0) }
        idf.withUnsafeBytes { data.append(contentsOf: $0) }
        weights.withUnsafeBytes { data.append(contentsOf: $0) }
        return data
    }

    /// Reads a model written by `encoded()`; nil when the bytes are not such a model for
    /// `classCount` classes (another format, another organisation, a truncated blob).
    init?(encoded data: Data, classCount: Int) {
        guard data.count >= 16 else { return nil }
        let header = data.withUnsafeBytes { raw in
            (0..<4).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)) }
        }
        let featureCount = Int(header[3])
        guard data.prefix(4).elementsEqual("MYNB".utf8), header[1] == 1, header[2] == UInt32(classCount),
              data.count == 16 + featureCount * (8 + 4 + 4 * classCount) else { return nil }
        func array<T>(_ type: T.Type, from offset: Int, count: Int) -> [T] {
            [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                data.withUnsafeBytes { raw in
                    let start = raw.startIndex + offset
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[start..<(start + count * MemoryLayout<T>.stride)]))
                }
                initialized = count
            }
        }
        let codes = array(RoutingFeatures.Code.self, from: 16, count: featureCount)
        guard zip(codes, codes.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        self.classCount = classCount
        self.codes = codes
        idf = array(Float.self, from: 16 + 8 * featureCount, count: featureCount)
        weights = array(Float.self, from: 16 + 12 * featureCount, count: featureCount * classCount)
        index = FeatureIndex(sorted: codes)
    }

    /// Corrects the counted weights where they fail the training documents themselves: an
    /// averaged multiclass perceptron with a margin (Crammer and Singer's update, fixed step). In
    /// `refinementEpochs` passes over the documents in a fixed shuffled order, a document whose
    /// own department does not beat the best other one by `refinementMargin` moves the two
    /// departments' weights towards and away from it by `refinementRate` times its vector.
    /// Counting alone lets a word that is common in one department (会議室 for kanzai) outvote the
    /// rarer words that decide a boundary case (会議室の画面 for joho); the corrections learn
    /// those. The three constants were chosen by 5-fold cross-validation on the training split
    /// (docs/routing.md): 85.8% top-1 and 98.9% top-3 without, 87.1% and 99.0% with.
    private static func refine(_ weights: inout [Float], classCount: Int, ids: [Int32], values: [Float], ends: [Int],
                               labels: [Int]) {
        guard classCount > 1, !labels.isEmpty else { return }
        var order = Array(labels.indices)
        var generator = SplitMix(seed: 20_250_401)
        var scores = [Float](repeating: 0, count: classCount)
        // The averaged perceptron: the weights returned are the mean over every step, which keeps
        // the last few corrections from swinging them (Freund and Schapire, 1999). `sums` holds
        // each correction times the step it was made at, so the mean costs no pass per step.
        var sums = [Float](repeating: 0, count: weights.count)
        var clock: Float = 1
        weights.withUnsafeMutableBufferPointer { weights in
            ids.withUnsafeBufferPointer { ids in
                values.withUnsafeBufferPointer { values in
                    for _ in 0..<refinementEpochs {
                        order.shuffle(using: &generator)
                        for document in order {
                            let range = (document == 0 ? 0 : ends[document - 1])..<ends[document]
                            for label in 0..<classCount { scores[label] = 0 }
                            for entry in range {
                                let row = Int(ids[entry]) * classCount
                                let value = values[entry]
                                for label in 0..<classCount { scores[label] += value * weights[row + label] }
                            }
                            let label = labels[document]
                            var rival = label == 0 ? 1 : 0
                            for other in 0..<classCount where other != label && scores[other] > scores[rival] { rival = other }
                            clock += 1
                            guard scores[label] - scores[rival] < refinementMargin else { continue }
                            for entry in range {
                                let row = Int(ids[entry]) * classCount
                                let step = refinementRate * values[entry]
                                weights[row + label] += step
                                weights[row + rival] -= step
                                sums[row + label] += clock * step
                                sums[row + rival] -= clock * step
                            }
                        }
                    }
                }
            }
            for index in 0..<weights.count { weights[index] -= sums[index] / clock }
        }
    }

    /// The smallest norm a routed text's vector is divided by. Normalising to length 1 would
    /// let a text of two or three words (よろしくお願いします) speak as loudly as a whole proposal;
    /// below this norm (a line or two of text) the learned model's voice shrinks with the
    /// evidence, so a vague proposal goes to triage and its hint counts. Cross-validation is
    /// unchanged by it.
    static let normFloor: Float = 40
    static let refinementEpochs = 5
    static let refinementMargin: Float = 3
    static let refinementRate: Float = 0.5

    /// A document's features with their counts, in code order, from two sorted lists (title and
    /// body) rather than a dictionary: no hashing, and the same order on every run.
    struct Counter {
        let titleWeight: Float
        private var title: [RoutingFeatures.Code] = []
        private var body: [RoutingFeatures.Code] = []
        private(set) var counts: [(RoutingFeatures.Code, Float)] = []

        init(titleWeight: Float) { self.titleWeight = titleWeight }

        mutating func count(_ document: Document) {
            title.removeAll(keepingCapacity: true)
            body.removeAll(keepingCapacity: true)
            counts.removeAll(keepingCapacity: true)
            RoutingFeatures.forEach(in: document.title) { title.append($0) }
            RoutingFeatures.forEach(in: document.body) { body.append($0) }
            title.sort()
            body.sort()
            var t = 0
            var b = 0
            while t < title.count || b < body.count {
                let code = b == body.count || (t < title.count && title[t] < body[b]) ? title[t] : body[b]
                var count: Float = 0
                while t < title.count, title[t] == code { count += titleWeight; t += 1 }
                while b < body.count, body[b] == code { count += 1; b += 1 }
                counts.append((code, count))
            }
        }
    }

    /// Reusable per-thread buffers for scoring.
    struct Scratch {
        var counts: [Float] = []
        var touched: [Int] = []
        var vector: [(Int, Float)] = []
        var scores: [Float] = []
    }

    /// The weighted features of one document, as (id, value) after TF-IDF and normalisation;
    /// features the model never saw are dropped.
    func vector(title: [UInt32], body: [UInt32], titleWeight: Float, scratch: inout Scratch) -> [(Int, Float)] {
        // Out of the scratch while in use, so each buffer is borrowed once.
        var counts = scratch.counts
        var touched = scratch.touched
        scratch.counts = []
        scratch.touched = []
        defer {
            scratch.counts = counts
            scratch.touched = touched
        }
        if counts.count < index.count { counts = [Float](repeating: 0, count: index.count) }
        touched.removeAll(keepingCapacity: true)
        index.withLookup { lookup in
            counts.withUnsafeMutableBufferPointer { counts in
                for (text, weight) in [(title, titleWeight), (body, 1)] {
                    RoutingFeatures.forEach(in: text) { code in
                        guard let id = lookup(code) else { return }
                        if counts[id] == 0 { touched.append(id) }
                        counts[id] += weight
                    }
                }
            }
        }
        var vector = scratch.vector
        scratch.vector = []
        vector.removeAll(keepingCapacity: true)
        var norm: Float = 0
        idf.withUnsafeBufferPointer { idf in
            for id in touched {
                let count = counts[id]
                // Most features occur once: 1 + ln 1 = 1, without calling log.
                let value = (count == 1 ? 1 : 1 + log(count)) * idf[id]
                counts[id] = 0
                vector.append((id, value))
                norm += value * value
            }
        }
        let floor = Self.normFloor
        let scale = norm > 0 ? 1 / max(norm.squareRoot(), floor) : 0
        for index in vector.indices { vector[index].1 *= scale }
        return vector
    }

    /// Gives a vector's and scores' storage back to the scratch for the next document.
    func recycle(_ vector: [(Int, Float)], _ scores: [Float], into scratch: inout Scratch) {
        scratch.vector = vector
        scratch.scores = scores
    }

    /// Each class's score for `vector` (higher is better; only differences matter).
    func scores(_ vector: [(Int, Float)], scratch: inout Scratch) -> [Float] {
        var scores = scratch.scores
        scratch.scores = []
        scores.removeAll(keepingCapacity: true)
        scores.append(contentsOf: repeatElement(0, count: classCount))
        let classCount = self.classCount
        scores.withUnsafeMutableBufferPointer { scores in
            weights.withUnsafeBufferPointer { weights in
                for (id, value) in vector {
                    let row = weights.baseAddress! + id * classCount
                    for label in 0..<classCount { scores[label] += value * row[label] }
                }
            }
        }
        return scores
    }

    /// The features of `vector` that most favour class `winner` over `runnerUp`, best first.
    func evidence(_ vector: [(Int, Float)], winner: Int, runnerUp: Int, limit: Int) -> [Int] {
        // The best `limit` by insertion into a short list: no sort of the whole vector per row.
        var best: [(id: Int, gain: Float)] = []
        best.reserveCapacity(limit + 1)
        let classCount = self.classCount
        weights.withUnsafeBufferPointer { weights in
            for (id, value) in vector {
                let gain = value * (weights[id * classCount + winner] - weights[id * classCount + runnerUp])
                guard gain > 0, best.count < limit || gain > best[best.count - 1].gain else { continue }
                let position = best.firstIndex { $0.gain < gain } ?? best.count
                best.insert((id, gain), at: position)
                if best.count > limit { best.removeLast() }
            }
        }
        return best.map { $0.id }  // a closure, not a key path (a call per element)
    }

}

/// A small seeded generator (SplitMix64), so the refinement's order, and so the router, is the
/// same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
