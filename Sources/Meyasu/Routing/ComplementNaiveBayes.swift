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
    /// Weight of each feature for each class, feature-major: `weights[id * stride + class]`.
    let weights: [Float]
    /// Floats per row of `weights`: the class count rounded up to a multiple of 16, so that
    /// scoring reads a row as SIMD16 vectors. The padding is zero.
    let stride: Int
    /// The feature code of each id (for explanations).
    let codes: [RoutingFeatures.Code]

    /// The model whose features are `codes` (sorted), numbered most frequent first: lowest IDF,
    /// then code. Routing a text reads a table row per n-gram; with the frequent n-grams first,
    /// the rows most texts read are a few hundred kilobytes side by side, which stay in the core's
    /// cache, rather than scattered over the whole model (FeatureIndex). The numbering changes
    /// no score: a text's features are summed in the order they occur in it.
    private init(classCount: Int, sortedCodes codes: [RoutingFeatures.Code], idf: [Float], weights: [Float]) {
        // One sort of plain numbers: the IDF's bits (a positive float's bits sort as the float
        // does) above the position, which is the code's order. A sort by a tuple-comparing
        // closure took about 40 ms of each import's start.
        var keys = idf.enumerated().map { UInt64($1.bitPattern) << 32 | UInt64($0) }
        keys.sort()
        let order = keys.map { Int(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
        self.classCount = classCount
        stride = (classCount + 15) / 16 * 16
        self.codes = order.map { codes[$0] }
        self.idf = order.map { idf[$0] }
        self.weights = Self.rows(of: weights, stride: classCount, in: order, classCount: classCount, to: stride)
        index = FeatureIndex(codes: self.codes, values: self.idf)
    }

    /// The rows of the feature-major table `weights` (`stride` floats a row), in `order`, each
    /// row `classCount` floats and zeros up to `newStride`.
    private static func rows(of weights: [Float], stride: Int, in order: [Int], classCount: Int, to newStride: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: order.count * newStride) { buffer, initialized in
            weights.withUnsafeBufferPointer { weights in
                guard let source = weights.baseAddress, let target = buffer.baseAddress else { return }
                for (row, id) in order.enumerated() {
                    (target + row * newStride).initialize(from: source + id * stride, count: classCount)
                    (target + row * newStride + classCount).initialize(repeating: 0, count: newStride - classCount)
                }
            }
            initialized = order.count * newStride
        }
    }

    /// Trains on `documents`, whose titles count `titleWeight` times. The documents' features are
    /// read twice (for the vocabulary, then for the vectors) rather than held as a table per
    /// document: with thousands of examples those tables would be most of the import's memory.
    init(documents: [Document], classCount: Int, smoothing: Double, titleWeight: Float) {
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
        // While training, ids are in code order; the model renumbers them at the end.
        let index = FeatureIndex(codes: codes)
        let total = Float(documents.count)
        // Smoothed IDF, as scikit-learn computes it: ln((1 + n) / (1 + df)) + 1.
        let idf = documentFrequency.map { log((1 + total) / (1 + $0)) + 1 }
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
        self.init(classCount: classCount, sortedCodes: codes, idf: idf, weights: weights)
    }

    #if !_endian(little)
    #error("ComplementNaiveBayes.encoded() writes the arrays' memory as little-endian numbers.")
    #endif

    /// The trained model as bytes, to be stored and read back by `init?(encoded:classCount:)`:
    /// a header ("MYNB", format 1, classes, features), then the codes, IDFs and weights as
    /// little-endian numbers, in code order. A model read back routes exactly as the one that was
    /// encoded.
    func encoded() -> Data {
        var data = Data("MYNB".utf8)
        data.reserveCapacity(16 + codes.count * (8 + 4 + 4 * classCount))
        for value in [UInt32(1), UInt32(classCount), UInt32(codes.count)] {
            withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        }
        let order = codes.indices.sorted { codes[$0] < codes[$1] }
        // The arrays' memory as it is: every platform Swift runs Meyasu on is little-endian.
        order.map { codes[$0] }.withUnsafeBytes { data.append(contentsOf: $0) }
        order.map { idf[$0] }.withUnsafeBytes { data.append(contentsOf: $0) }
        Self.rows(of: weights, stride: stride, in: order, classCount: classCount, to: classCount)
            .withUnsafeBytes { data.append(contentsOf: $0) }
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
        self.init(classCount: classCount, sortedCodes: codes,
                  idf: array(Float.self, from: 16 + 8 * featureCount, count: featureCount),
                  weights: array(Float.self, from: 16 + 12 * featureCount, count: featureCount * classCount))
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
        /// A count per feature id and one more (for the features the model lacks), zero between
        /// documents.
        var counts: [Float] = []
        /// The document's feature codes, title first, then their ids and IDFs (id -1: not in the
        /// model).
        var codes: [RoutingFeatures.Code] = []
        var matches: [FeatureIndex.Match] = []
        /// Where each feature counted for the document is first met (positions in `codes`), in
        /// that order; before that, the lookup's.
        var touched: [Int32] = []
        var absent: [Int32] = []
        var vector: [(Int, Float)] = []
        var scores: [Float] = []
    }

    /// 1 + ln k for the counts k below 32 (1 for k = 1), as the scoring loop computes it.
    private static let logCounts: [Float] = (0..<32).map { $0 == 1 ? 1 : 1 + log(Float($0)) }

    /// The weighted features of one document, as (id, value) after TF-IDF and normalisation, in
    /// the order the features first occur (title, then body); features the model never saw are
    /// dropped.
    func vector(title: [UInt32], body: [UInt32], titleWeight: Float, scratch: inout Scratch) -> [(Int, Float)] {
        // The last count gathers the features the model lacks, so that counting needs no branch.
        let lacking = index.count
        if scratch.counts.count <= lacking { scratch.counts = [Float](repeating: 0, count: lacking + 1) }
        // At most three features a character (a unigram, a bigram and a trigram).
        let most = 3 * (title.count + body.count)
        if scratch.codes.count < most {
            let size = max(most, 2 * scratch.codes.count)
            scratch.codes = [RoutingFeatures.Code](repeating: 0, count: size)
            scratch.matches = [FeatureIndex.Match](repeating: .init(id: 0, value: 0), count: size)
            scratch.touched = [Int32](repeating: 0, count: size)
            scratch.absent = [Int32](repeating: 0, count: size)
        }
        var vector = scratch.vector
        scratch.vector = []
        vector.removeAll(keepingCapacity: true)
        var norm: Float = 0
        // In passes over flat buffers (the codes, their matches, the counts) with as few branches
        // as can be: the table reads of one pass then overlap instead of waiting on each other.
        scratch.codes.withUnsafeMutableBufferPointer { codes in
            var total = 0
            RoutingFeatures.forEach(in: title) { codes[total] = $0; total += 1 }
            let titleEnd = total
            RoutingFeatures.forEach(in: body) { codes[total] = $0; total += 1 }
            scratch.matches.withUnsafeMutableBufferPointer { matches in
                scratch.touched.withUnsafeMutableBufferPointer { touched in
                    // Each feature's IDF comes with its id, from the slot the lookup reads anyway:
                    // no read of `idf` (another 640 KB, a cache miss for most rare n-grams).
                    scratch.absent.withUnsafeMutableBufferPointer { absent in
                        index.matches(of: UnsafeBufferPointer(rebasing: codes[0..<total]), into: matches,
                                      pending: touched, absent: absent)
                    }
                    scratch.counts.withUnsafeMutableBufferPointer { counts in
                        var found = 0
                        for entry in 0..<total {
                            let raw = matches[entry].id
                            let id = raw >= 0 ? Int(raw) : lacking
                            touched[found] = Int32(truncatingIfNeeded: entry)
                            found += counts[id] == 0 && raw >= 0 ? 1 : 0
                            counts[id] += entry < titleEnd ? titleWeight : 1
                        }
                        counts[lacking] = 0
                        vector.reserveCapacity(found)
                        Self.logCounts.withUnsafeBufferPointer { logCounts in
                            for first in touched[0..<found] {
                                let match = matches[Int(first)]
                                let id = Int(match.id)
                                let count = counts[id]
                                // 1 + ln count, from the table when the count is a small whole number.
                                let whole = Int(exactly: count) ?? logCounts.count
                                let value = (whole < logCounts.count ? logCounts[whole] : 1 + log(count)) * match.value
                                counts[id] = 0
                                vector.append((id, value))
                                norm += value * value
                            }
                        }
                    }
                }
            }
        }
        let floor = Self.normFloor
        let scale = norm > 0 ? 1 / max(norm.squareRoot(), floor) : 0
        vector.withUnsafeMutableBufferPointer { vector in
            for index in vector.indices { vector[index].1 *= scale }
        }
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
        // Sixteen classes at a time (one block for up to 16 departments; the city has 14), the
        // sums in registers: each lane adds exactly what the plain loop over the classes adds, in
        // the same order, so the scores are the same to the last bit.
        weights.withUnsafeBytes { weights in
            vector.withUnsafeBufferPointer { vector in
                for block in 0..<(stride / 16) {
                    var sums = SIMD16<Float>()
                    for (id, value) in vector {
                        sums += SIMD16(repeating: value)
                            * weights.loadUnaligned(fromByteOffset: (id * stride + 16 * block) * 4, as: SIMD16<Float>.self)
                    }
                    for lane in 0..<min(16, classCount - 16 * block) { scores.append(sums[lane]) }
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
        // What a gain must beat: 0 until the list is full, then its last. One test a feature,
        // which after the first few is almost always false (a branch the processor predicts).
        var bar: Float = 0
        let stride = self.stride
        weights.withUnsafeBufferPointer { weights in
            vector.withUnsafeBufferPointer { vector in
                for (id, value) in vector {
                    let gain = value * (weights[id * stride + winner] - weights[id * stride + runnerUp])
                    guard gain > bar else { continue }
                    let position = best.firstIndex { $0.gain < gain } ?? best.count
                    best.insert((id, gain), at: position)
                    if best.count > limit { best.removeLast() }
                    if best.count == limit { bar = best[limit - 1].gain }
                }
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
