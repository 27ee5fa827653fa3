import Foundation

/// The learned part of the router: complement naive Bayes (Rennie et al., 2003) over TF-IDF
/// weighted character n-grams, trained from labelled proposals and the departments' duties.
///
/// Complement naive Bayes estimates, for each department, how likely each feature is in
/// proposals of *every other* department, which is far steadier than the plain multinomial
/// model when departments have few and uneven examples. Training is counting, so the model is
/// rebuilt from the stored examples whenever a command needs it (milliseconds for thousands).
struct ComplementNaiveBayes: Sendable {
    /// One training document: features with their weights (the title counts more) and a class.
    struct Document {
        var features: [RoutingFeatures.Code: Float]
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

    init(documents: [Document], classCount: Int, smoothing: Double) {
        self.classCount = classCount
        var ids: [RoutingFeatures.Code: Int32] = [:]
        var documentFrequency: [Float] = []
        for document in documents {
            for code in document.features.keys {
                if let id = ids[code] {
                    documentFrequency[Int(id)] += 1
                } else {
                    ids[code] = Int32(documentFrequency.count)
                    documentFrequency.append(1)
                }
            }
        }
        index = FeatureIndex(ids)
        var codes = [RoutingFeatures.Code](repeating: 0, count: ids.count)
        for (code, id) in ids { codes[Int(id)] = code }
        self.codes = codes
        let total = Float(documents.count)
        // Smoothed IDF, as scikit-learn computes it: ln((1 + n) / (1 + df)) + 1.
        idf = documentFrequency.map { log((1 + total) / (1 + $0)) + 1 }
        let featureCount = documentFrequency.count
        var perClass = [Double](repeating: 0, count: featureCount * classCount)
        var all = [Double](repeating: 0, count: featureCount)
        for document in documents {
            let vector = Self.vector(document.features, ids: ids, idf: idf)
            for (id, value) in vector {
                let weighted = Double(value * document.weight)
                perClass[id * classCount + document.label] += weighted
                all[id] += weighted
            }
        }
        // Complement counts: everything in the other classes, smoothed.
        var complementTotals = [Double](repeating: 0, count: classCount)
        var complement = [Double](repeating: 0, count: featureCount * classCount)
        for id in 0..<featureCount {
            for label in 0..<classCount {
                let value = all[id] - perClass[id * classCount + label] + smoothing
                complement[id * classCount + label] = value
                complementTotals[label] += value
            }
        }
        var weights = [Float](repeating: 0, count: featureCount * classCount)
        for id in 0..<featureCount {
            for label in 0..<classCount {
                weights[id * classCount + label] = Float(-log(complement[id * classCount + label] / complementTotals[label]))
            }
        }
        self.weights = weights
    }

    /// Sublinear TF × IDF, L2-normalised, by feature id.
    private static func vector(_ features: [RoutingFeatures.Code: Float], ids: [RoutingFeatures.Code: Int32],
                               idf: [Float]) -> [(Int, Float)] {
        var vector: [(Int, Float)] = []
        vector.reserveCapacity(features.count)
        var norm: Float = 0
        for (code, count) in features {
            guard let id = ids[code] else { continue }
            let value = (1 + log(count)) * idf[Int(id)]
            vector.append((Int(id), value))
            norm += value * value
        }
        let scale = norm > 0 ? 1 / norm.squareRoot() : 0
        return vector.map { ($0.0, $0.1 * scale) }
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
        let scale = norm > 0 ? 1 / norm.squareRoot() : 0
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
