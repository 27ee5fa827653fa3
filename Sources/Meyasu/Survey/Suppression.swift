/// Decides which groups may be shown so that no group of fewer than k respondents can be seen,
/// directly or by difference (DESIGN promise 2; docs/survey.md explains why it holds).
///
/// The reader is assumed to know every shown count, which groups lie inside which (the tables'
/// structure and organization.yaml are public) and so every total in `equations` and `nests`.
/// From these a count is *known* when it is shown, when it is zero, when it is the only unknown
/// part of a known total, or when every part of it is known. The rules, applied until nothing
/// changes:
///
/// 1. a group of 1…k−1 is hidden (primary suppression);
/// 2. no group of 1…k−1 may be known: when one is, a shown group its derivation rests on is
///    hidden too;
/// 3. for every known total, the unknown parts must add up to 0 or to at least k; when they
///    add up to 1…k−1, the smallest known part is hidden too (complementary suppression), or
///    when that part is known only by derivation, a shown group its derivation rests on.
///
/// Hiding only ever grows, so the loop ends. If a step ever finds nothing it may hide, every
/// group but the whole year is hidden rather than risk one (the last resort).
public struct Suppression: Sendable {
    /// k: the smallest group that may be shown or derived.
    public let k: Int

    public init(k: Int) {
        precondition(k >= 2, "k must be at least 2")
        self.k = k
    }

    /// How a reader comes to know a count.
    enum Reason {
        /// The only unknown part of a known total (equation number).
        case remainder(Int)
        /// Every part of it is known (equation number).
        case sum(Int)
        /// The only unknown 課 group of a known total split along 部局 and 課 (nest number).
        case nest(Int)
    }

    /// Which cells to hide.
    /// - Parameters:
    ///   - counts: each cell's count (respondents, or answers to one question).
    ///   - publishable: whether a table shows the cell at all; other cells are never shown and
    ///     take part only through equations.
    ///   - equations: the totals and their parts.
    ///   - nests: the totals split along 部局 and 課 together.
    ///   - initial: cells already hidden (e.g. for respondents, when deciding a question's figures).
    /// - Returns: per cell, true when it must be hidden.
    public func hidden(counts: [Int], publishable: [Bool], equations: [BreakdownTables.Equation],
                       nests: [BreakdownTables.Nest] = [], initial: [Bool]? = nil) -> [Bool] {
        var hidden = initial ?? Array(repeating: false, count: counts.count)
        for cell in counts.indices where publishable[cell] && counts[cell] > 0 && counts[cell] < k {
            hidden[cell] = true
        }
        func shown(_ cell: Int) -> Bool { publishable[cell] && !hidden[cell] }
        var asChild = Array(repeating: [Int](), count: counts.count)
        var asParent = Array(repeating: [Int](), count: counts.count)
        for (number, equation) in equations.enumerated() {
            asParent[equation.parent].append(number)
            for child in equation.children { asChild[child].append(number) }
        }

        while true {
            let (known, reason, depth) = self.known(counts: counts, shown: shown, equations: equations, nests: nests)

            /// True when hiding the shown `cell` would not hide it: another total still gives it.
            func rederivable(_ cell: Int) -> Bool {
                for number in asChild[cell] where known[equations[number].parent] {
                    if equations[number].children.allSatisfy({ $0 == cell || known[$0] || counts[$0] == 0 }) { return true }
                }
                for number in asParent[cell] where equations[number].children.allSatisfy({ known[$0] || counts[$0] == 0 }) {
                    return true
                }
                return false
            }
            /// The smallest shown cell among `cells` whose hiding holds, else the smallest shown one.
            func smallest(_ cells: [Int]) -> Int? {
                let shownCells = cells.filter { counts[$0] > 0 && shown($0) }.sorted { (counts[$0], $0) < (counts[$1], $1) }
                return shownCells.first { !rederivable($0) } ?? shownCells.first
            }

            /// A shown group to hide so that `cell` can no longer be worked out the way the
            /// reader works it out, looking through parts that are themselves derived.
            func breakDerivation(of cell: Int, level: Int = 0) -> Int? {
                guard let why = reason[cell] else { return nil }
                var others: [Int]
                switch why {
                case .remainder(let number):
                    others = equations[number].children.filter { $0 != cell }
                case .sum(let number):
                    others = equations[number].children
                case .nest(let number):
                    let nest = nests[number]
                    let open = nest.bureaus.filter { $0.cell.map { !known[$0] } ?? true }
                    // Another 課 group of an unknown 部局, else a 部局 group with an unknown 課 group.
                    others = open.flatMap(\.leaves).filter { $0 != cell }
                    if let part = smallest(others) { return part }
                    others += nest.bureaus.filter { bureau in bureau.leaves.contains { !known[$0] || $0 == cell } }.compactMap(\.cell)
                }
                if let part = smallest(others) { return part }
                guard level < 6 else { return nil }
                for part in others.filter({ known[$0] && counts[$0] > 0 }).sorted(by: { (counts[$0], $0) < (counts[$1], $1) }) {
                    if let found = breakDerivation(of: part, level: level + 1) { return found }
                }
                return nil
            }

            /// What a reader can narrow an unknown cell down to inside a known total: the cell
            /// itself, or the unknown parts of one of its splits (the known parts taken away),
            /// whichever is smaller; with the known parts that narrowing takes away.
            var residues: [Int: (value: Int, pieces: [Int])] = [:]
            func residue(_ cell: Int, level: Int = 0) -> (value: Int, pieces: [Int]) {
                if let memo = residues[cell] { return memo }
                var best = (value: counts[cell], pieces: [Int]())
                if level < 3 {
                    for number in asParent[cell] {
                        var value = 0
                        var pieces: [Int] = []
                        for child in equations[number].children where counts[child] > 0 {
                            if known[child] {
                                pieces.append(child)
                            } else {
                                let inner = residue(child, level: level + 1)
                                value += inner.value
                                pieces += inner.pieces
                            }
                        }
                        if value > 0 && value < best.value { best = (value, pieces) }
                    }
                }
                residues[cell] = best
                return best
            }
            /// The unknown remainder of a known total made of `parts`, at its smallest.
            func remainder(_ parts: [Int]) -> Int {
                parts.reduce(0) { $0 + (known[$1] || counts[$1] == 0 ? 0 : residue($1).value) }
            }
            /// What may be hidden to make that remainder larger.
            func widening(_ parts: [Int]) -> [Int] {
                parts + parts.filter { !known[$0] && counts[$0] > 0 }.flatMap { residue($0).pieces }
            }

            var next: Int?
            if let small = counts.indices.filter({ !shown($0) && known[$0] && counts[$0] > 0 && counts[$0] < k })
                .min(by: { (depth[$0], $0) < (depth[$1], $1) }) {
                // Rule 2: a small group can be worked out; mend the most direct derivation first.
                next = breakDerivation(of: small)
            } else if let violated = equations.first(where: { equation in
                guard known[equation.parent] else { return false }
                let unknown = remainder(equation.children)
                return unknown > 0 && unknown < k
            }) {
                // Rule 3: small hidden parts add up to less than k.
                next = smallest(widening(violated.children))
                if next == nil {
                    for candidate in violated.children.filter({ known[$0] && counts[$0] > 0 })
                        .sorted(by: { (counts[$0], $0) < (counts[$1], $1) }) {
                        next = breakDerivation(of: candidate)
                        if next != nil { break }
                    }
                }
            } else if let nest = nests.first(where: { nest in
                guard known[nest.parent] else { return false }
                let unknown = remainder(Self.unknownLeaves(nest, known: known, counts: counts))
                return unknown > 0 && unknown < k
            }) {
                // Rule 3 along 部局 and 課: hide a shown 課 group of a 部局 whose own group is
                // unknown, else a shown 部局 group that has unknown 課 groups.
                let open = nest.bureaus.filter { $0.cell.map { !known[$0] } ?? true }.flatMap(\.leaves)
                let closed = nest.bureaus.filter { bureau in
                    bureau.cell.map(shown) == true && bureau.leaves.contains { !known[$0] && counts[$0] > 0 }
                }.compactMap(\.cell)
                next = smallest(widening(open)) ?? smallest(closed)
            } else {
                return hidden
            }
            guard let next else {
                // The last resort: show nothing but the whole year (cell 0, whose key sorts first).
                for cell in counts.indices where publishable[cell] && cell != 0 { hidden[cell] = true }
                return hidden
            }
            hidden[next] = true
        }
    }

    /// The 課 groups of a nest a reader cannot take away: unknown, in a 部局 whose group is unknown.
    static func unknownLeaves(_ nest: BreakdownTables.Nest, known: [Bool], counts: [Int]) -> [Int] {
        nest.bureaus.filter { $0.cell.map { !known[$0] } ?? true }
            .flatMap(\.leaves).filter { !known[$0] && counts[$0] > 0 }
    }

    /// The cells a reader can work out from the shown ones, the equations and the nests, and how.
    func known(counts: [Int], shown: (Int) -> Bool, equations: [BreakdownTables.Equation],
               nests: [BreakdownTables.Nest]) -> (known: [Bool], reason: [Reason?], depth: [Int]) {
        var known = counts.indices.map { shown($0) || counts[$0] == 0 }
        var reason = [Reason?](repeating: nil, count: counts.count)
        // How many derivations deep each known count is (0: shown or zero).
        var depth = Array(repeating: 0, count: counts.count)
        func deepest(_ cells: [Int]) -> Int { cells.reduce(0) { max($0, known[$1] ? depth[$1] : 0) } }
        var changed = true
        while changed {
            changed = false
            for (number, equation) in equations.enumerated() {
                if known[equation.parent] {
                    var unknown: Int?
                    var several = false
                    for child in equation.children where !known[child] && counts[child] > 0 {
                        if unknown != nil { several = true; break }
                        unknown = child
                    }
                    if let unknown, !several {
                        known[unknown] = true
                        reason[unknown] = .remainder(number)
                        depth[unknown] = 1 + deepest([equation.parent] + equation.children)
                        changed = true
                    }
                } else if equation.children.allSatisfy({ known[$0] || counts[$0] == 0 }) {
                    known[equation.parent] = true
                    reason[equation.parent] = .sum(number)
                    depth[equation.parent] = 1 + deepest(equation.children)
                    changed = true
                }
            }
            for (number, nest) in nests.enumerated() where known[nest.parent] {
                let unknown = Self.unknownLeaves(nest, known: known, counts: counts)
                if unknown.count == 1 {
                    known[unknown[0]] = true
                    reason[unknown[0]] = .nest(number)
                    depth[unknown[0]] = 1 + deepest([nest.parent] + nest.bureaus.flatMap { ($0.cell.map { [$0] } ?? []) + $0.leaves })
                    changed = true
                }
            }
        }
        return (known, reason, depth)
    }
}
