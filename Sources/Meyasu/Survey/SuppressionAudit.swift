/// Checks the tables about to be published against a reader who subtracts: for every shown total,
/// every way of taking away shown groups that lie inside it and are disjoint from each other must
/// leave 0 or at least k — counted over the cells of the full cross-classification (the atoms), so
/// that a remainder made of groups from several tables at once is found too (everyone minus six
/// groups across 年代, 性別 and 職種, say), which the rules of `Suppression` do not model.
///
/// "Inside" and "disjoint" are what the reader knows without the data: a group lies inside a
/// total when it fixes every band the total fixes (a 課 lies inside its 部局, as organization.yaml
/// says); two groups are disjoint when they fix one dimension to different bands.
///
/// The search does not try the subtractions one by one (there are far too many). Groups fix at
/// most two dimensions, and groups that are pairwise disjoint must pairwise share a dimension, so
/// the dimensions they fix beyond the total's either share one dimension (a *star*: the total is
/// split along that dimension and each part is worked on alone, to any depth) or are the three
/// pairs of three dimensions (a *triangle*, possible only inside the whole year). For each part
/// the audit keeps every remainder from 0 to k−1 a reader can reach (and whether a larger one is
/// reachable) and adds parts up; for a triangle it tries every way of sharing out the bands of the
/// three dimensions. Stars are exact; a triangle uses groups that fix exactly two of its three
/// dimensions (a 部局×年代 group beside a 課×性別 one is not tried), which is why the tests also
/// check the result with a brute force that tries every subtraction.
///
/// `pinned` adds what subtraction alone misses: a hidden cell that the tables' sums determine
/// through any combination of them (docs/survey.md, "The audit").
struct SuppressionAudit {
    /// What a reader can work out: `total` minus the disjoint groups `taken` leaves `remainder`.
    struct Leak: Equatable {
        var total: Int
        var taken: [Int]
        var remainder: Int
    }

    /// The remainders a reader can reach inside one group: each of 0…k−1 with the groups taken
    /// away to reach it, and whether a larger one is reachable.
    struct Reach {
        var taken: [[Int]?]
        var large = false

        init(k: Int) { taken = Array(repeating: nil, count: k) }

        mutating func add(_ value: Int, _ groups: [Int]) {
            if value >= taken.count { large = true } else if taken[value] == nil { taken[value] = groups }
        }

        mutating func merge(_ other: Reach) {
            for value in other.taken.indices { if let groups = other.taken[value] { add(value, groups) } }
            large = large || other.large
        }

        /// Every sum of a remainder of `self` and one of `other`.
        func plus(_ other: Reach) -> Reach {
            var out = Reach(k: taken.count)
            out.large = large || other.large
            for a in taken.indices {
                guard let first = taken[a] else { continue }
                for b in other.taken.indices {
                    if let second = other.taken[b] { out.add(a + b, first + second) }
                }
            }
            return out
        }

        /// The smallest remainder of 1…k−1, with its groups.
        var leak: (remainder: Int, taken: [Int])? {
            for value in taken.indices.dropFirst() { if let groups = taken[value] { return (value, groups) } }
            return nil
        }
    }

    let tables: BreakdownTables
    let k: Int
    /// Per dimension, the bands present in the year.
    private let bands: [[Int32]]
    /// Per atom, the position of its band in `bands`, per dimension.
    private let positions: [[Int]]

    init(tables: BreakdownTables, k: Int) {
        self.tables = tables
        self.k = k
        let bands = (0..<6).map { dimension in Set(tables.atoms.map { $0.groups[dimension] }).sorted() }
        self.bands = bands
        let lookup = bands.map { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($1, $0) }) }
        positions = tables.atoms.map { atom in (0..<6).map { lookup[$0][atom.groups[$0]]! } }
    }

    /// The first remainder of 1…k−1 a reader can make, or nil.
    /// - Parameters:
    ///   - cellCounts: per cell, what is counted (respondents, or answers to one question).
    ///   - atomCounts: the same per atom.
    ///   - shown: per cell, whether its count is published.
    func leak(cellCounts: [Int], atomCounts: [Int], shown: [Bool]) -> Leak? {
        // A remainder is a union of atoms: without an atom of 1…k−1 none can be 1…k−1.
        guard atomCounts.contains(where: { $0 > 0 && $0 < k }) else { return nil }
        var memo: [Int: Reach] = [:]
        var counted: [GroupKey: Int] = [:]
        func count(_ key: GroupKey) -> Int {
            if let known = counted[key] { return known }
            var sum = 0
            for (atom, value) in zip(tables.atoms, atomCounts) where value > 0 && key.contains(atom.groups) { sum += value }
            counted[key] = sum
            return sum
        }

        func reach(_ key: GroupKey) -> Reach {
            guard let cell = tables.cell(key) else {
                var empty = Reach(k: k)
                empty.add(0, [])
                return empty
            }
            if let known = memo[cell] { return known }
            var out = Reach(k: k)
            out.add(cellCounts[cell], [])
            if shown[cell] { out.add(0, [cell]) }
            // Stars: split along one free dimension, each part on its own.
            let fixed = fixedCount(key)
            for dimension in 0..<6 where key.values[dimension] == GroupKey.free {
                // A group of two dimensions splits only into its 課 (a 部局's): no table shows finer.
                if fixed >= 2 && !(dimension == SurveyDimension.department.index && key[.bureau] != GroupKey.free) { continue }
                let parts = bands[dimension].compactMap { band -> GroupKey? in
                    guard let part = tables.inferredKey(key.fixing(SurveyDimension.allCases[dimension], to: band)) else { return nil }
                    return fixedCount(part) > 2 || tables.cell(part) != nil ? part : nil
                }
                // Only worth it when some part can itself be split or taken.
                guard parts.contains(where: { fixedCount($0) <= 2 }) else { continue }
                var sum = Reach(k: k)
                sum.add(0, [])
                for part in parts {
                    if fixedCount(part) > 2 {
                        // No table shows a group inside it: a reader can only leave it whole.
                        var whole = Reach(k: k)
                        whole.add(count(part), [])
                        sum = sum.plus(whole)
                    } else {
                        sum = sum.plus(reach(part))
                    }
                }
                out.merge(sum)
            }
            memo[cell] = out
            return out
        }

        for total in tables.cells.indices where shown[total] {
            let key = tables.inferredKey(tables.cells[total].key)!
            var found = reach(key)
            if key == .everyone { found.merge(triangles(atomCounts: atomCounts, shown: shown)) }
            if let (remainder, taken) = found.leak {
                return Leak(total: total, taken: taken.filter { $0 != total }, remainder: remainder)
            }
        }
        return nil
    }

    /// A hidden cell of 1…k−1 that the published numbers determine exactly through the tables'
    /// sums — any combination of them, not only subtractions — or nil. The sums (a total is the sum
    /// of its parts along each split) are solved by Gauss–Jordan elimination over the unknown
    /// cells, modulo the prime 2³¹−1 (exact arithmetic, so the answer does not depend on rounding;
    /// a rank that differs modulo that prime from over the rationals would need the prime to
    /// divide a determinant of the system, which the tests would show as a leak).
    /// The leak's `taken` holds the shown groups of the sums the cell takes part in, to hide one of.
    func pinned(cellCounts: [Int], shown: [Bool]) -> Leak? {
        let prime = 2_147_483_647
        var column = [Int](repeating: -1, count: tables.cells.count)
        var unknowns: [Int] = []
        for cell in tables.cells.indices where !shown[cell] {
            column[cell] = unknowns.count
            unknowns.append(cell)
        }
        guard unknowns.contains(where: { cellCounts[$0] > 0 && cellCounts[$0] < k }) else { return nil }
        func inverse(_ value: Int) -> Int {
            var (result, base, exponent) = (1, value, prime - 2)
            while exponent > 0 {
                if exponent & 1 == 1 { result = result * base % prime }
                base = base * base % prime
                exponent >>= 1
            }
            return result
        }
        // Reduced rows (column → coefficient); each pivot column appears in its own row only.
        var rows: [[Int: Int]] = []
        var pivotRow: [Int: Int] = [:]
        for equation in tables.equations {
            var row: [Int: Int] = [:]
            if column[equation.parent] >= 0 { row[column[equation.parent]] = 1 }
            for child in equation.children where column[child] >= 0 { row[column[child]] = prime - 1 }
            for pivot in row.keys.filter({ pivotRow[$0] != nil }).sorted() {
                guard let factor = row[pivot] else { continue }
                for (other, value) in rows[pivotRow[pivot]!] {
                    let updated = ((row[other] ?? 0) + (prime - factor) * value % prime) % prime
                    row[other] = updated == 0 ? nil : updated
                }
            }
            guard let pivot = row.keys.min() else { continue }
            let scale = inverse(row[pivot]!)
            for (other, value) in row { row[other] = value * scale % prime }
            for index in rows.indices {
                guard let factor = rows[index][pivot] else { continue }
                for (other, value) in row {
                    let updated = ((rows[index][other] ?? 0) + (prime - factor) * value % prime) % prime
                    rows[index][other] = updated == 0 ? nil : updated
                }
            }
            pivotRow[pivot] = rows.count
            rows.append(row)
        }
        for (position, cell) in unknowns.enumerated() where cellCounts[cell] > 0 && cellCounts[cell] < k {
            guard let index = pivotRow[position], rows[index].count == 1 else { continue }
            // The shown groups of the sums it takes part in; failing those, of any sum with an unknown.
            func shownGroups(_ equations: [BreakdownTables.Equation]) -> [Int] {
                var out: [Int] = []
                for equation in equations {
                    for other in [equation.parent] + equation.children where shown[other] && cellCounts[other] > 0 && !out.contains(other) {
                        out.append(other)
                    }
                }
                return out
            }
            var nearby = shownGroups(tables.equations.filter { $0.parent == cell || $0.children.contains(cell) })
            if nearby.isEmpty {
                nearby = shownGroups(tables.equations.filter { column[$0.parent] >= 0 || $0.children.contains { column[$0] >= 0 } })
            }
            return Leak(total: cell, taken: nearby, remainder: cellCounts[cell])
        }
        return nil
    }

    /// How many dimensions a group fixes as a table shows it (a 課 without its 部局).
    private func fixedCount(_ key: GroupKey) -> Int {
        var count = key.values.filter { $0 != GroupKey.free }.count
        if key[.department] > 0, key[.bureau] != GroupKey.free { count -= 1 }
        return count
    }

    /// Remainders of the whole year made by triangles: groups fixing two of three dimensions P, Q,
    /// S, every band of P given to the P×Q or the P×S groups, every band of Q to P×Q or Q×S,
    /// every band of S to P×S or Q×S (so that the groups taken are pairwise disjoint).
    private func triangles(atomCounts: [Int], shown: [Bool]) -> Reach {
        var out = Reach(k: k)
        for p in 0..<6 {
            for q in (p + 1)..<6 {
                for s in (q + 1)..<6 { out.merge(triangle([p, q, s], atomCounts: atomCounts, shown: shown)) }
            }
        }
        return out
    }

    private func triangle(_ triple: [Int], atomCounts: [Int], shown: [Bool]) -> Reach {
        var out = Reach(k: k)
        // P: the dimension with most bands, its bands decided one by one at the end.
        let ordered = triple.sorted { (bands[$0].count, $1) > (bands[$1].count, $0) }
        let (p, q, s) = (ordered[0], ordered[1], ordered[2])
        let (np, nq, ns) = (bands[p].count, bands[q].count, bands[s].count)
        guard nq + ns <= 20 else { return out }
        // The year's counts over the three dimensions.
        var counts = [Int](repeating: 0, count: np * nq * ns)
        var hasSmall = false
        for (atom, value) in zip(positions, atomCounts) where value > 0 {
            counts[(atom[p] * nq + atom[q]) * ns + atom[s]] += value
        }
        for value in counts where value > 0 && value < k { hasSmall = true; break }
        guard hasSmall else { return out }
        /// The shown group fixing exactly two bands, if any.
        func group(_ first: Int, _ a: Int, _ second: Int, _ b: Int) -> Int? {
            var key = GroupKey.everyone
            key.values[first] = bands[first][a]
            key.values[second] = bands[second][b]
            guard let cell = tables.cell(key), shown[cell] else { return nil }
            return cell
        }
        let pq = (0..<np).map { a in (0..<nq).map { b in group(p, a, q, b) } }
        let ps = (0..<np).map { a in (0..<ns).map { c in group(p, a, s, c) } }
        let qs = (0..<nq).map { b in (0..<ns).map { c in group(q, b, s, c) } }
        guard pq.joined().contains(where: { $0 != nil }) || ps.joined().contains(where: { $0 != nil }) else { return out }

        // The same, flat, for the loop below.
        let pqShown = pq.joined().map { $0 != nil }, psShown = ps.joined().map { $0 != nil }, qsShown = qs.joined().map { $0 != nil }
        let nonzero = (0..<np).map { a in (0..<(nq * ns)).filter { counts[a * nq * ns + $0] > 0 } }
        // The largest bands of P first: they are the likeliest to leave k or more, which ends the try.
        let mass = (0..<np).map { a in nonzero[a].reduce(0) { $0 + counts[a * nq * ns + $1] } }
        let byMass = (0..<np).sorted { (mass[$0], $1) > (mass[$1], $0) }
        var lefts = [(Int, Int)](repeating: (0, 0), count: np)
        for qMask in 0..<(1 << nq) {
            // Bit set: the band of Q goes to Q×S, else to P×Q.
            for sMask in 0..<(1 << ns) {
                // Bit set: the band of S goes to Q×S, else to P×S.
                // What stays uncovered of each band of P given to P×Q, or to P×S.
                var bound = 0
                for a in byMass {
                    var left = (0, 0)
                    for bc in nonzero[a] {
                        let (b, c) = bc.quotientAndRemainder(dividingBy: ns)
                        let value = counts[a * nq * ns + bc]
                        let qToQS = qMask >> b & 1 == 1, sToQS = sMask >> c & 1 == 1
                        if qToQS && sToQS && qsShown[bc] { continue }
                        if qToQS || !pqShown[a * nq + b] { left.0 += value }
                        if sToQS || !psShown[a * ns + c] { left.1 += value }
                    }
                    lefts[a] = left
                    bound += min(left.0, left.1)
                    if bound >= k { break }
                }
                guard bound < k else { continue }
                var sum = Reach(k: k)
                sum.add(0, [])
                for a in 0..<np {
                    var choice = Reach(k: k)
                    choice.add(lefts[a].0, (0..<nq).compactMap { b in qMask >> b & 1 == 0 ? pq[a][b] : nil })
                    choice.add(lefts[a].1, (0..<ns).compactMap { c in sMask >> c & 1 == 0 ? ps[a][c] : nil })
                    sum = sum.plus(choice)
                }
                var across: [Int] = []
                for b in 0..<nq where qMask >> b & 1 == 1 {
                    for c in 0..<ns where sMask >> c & 1 == 1 { if let cell = qs[b][c] { across.append(cell) } }
                }
                for value in 1..<k {
                    if let groups = sum.taken[value] { out.add(value, groups + across) }
                }
            }
        }
        return out
    }
}
