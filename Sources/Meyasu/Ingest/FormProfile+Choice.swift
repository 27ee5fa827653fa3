extension FormProfile.Kind {
    /// How messages name a profile of this kind.
    var displayName: String {
        switch self {
        case .proposals: "proposals"
        case .survey: "survey"
        }
    }
}

extension FormProfile {
    /// Picks the named profile of `kind`, or the one whose headers match best with nothing
    /// required missing (ties go to the first in file-name order).
    /// - Throws: `IngestError` `.badHeader` naming the missing columns, or the first line-up error
    ///   when no profile can be lined up with the header.
    static func choose(from profiles: [FormProfile], kind: Kind, headers: [String], fileName: String,
                       requested: String?) throws -> (FormProfile, HeaderMap) {
        let candidates = profiles.filter { $0.kind == kind && (requested == nil || $0.id == requested) }
        if candidates.isEmpty {
            if let requested {
                throw IngestError(.badHeader, "there is no \(kind.displayName) form profile named \(requested) in forms/; use one of: \(profiles.filter { $0.kind == kind }.map(\.id).joined(separator: ", ")).")
            }
            throw IngestError(.badHeader, "forms/ holds no \(kind.displayName) form profile; run `meyasu init` or add one (see docs/forms.md).")
        }
        var best: (FormProfile, HeaderMap)?
        var firstError: IngestError?
        for profile in candidates {
            do {
                let map = try HeaderMap(headers: headers, profile: profile, fileName: fileName)
                if best == nil || better(map, than: best!.1) { best = (profile, map) }
            } catch let error as IngestError {
                firstError = firstError ?? error
            }
        }
        guard let (profile, map) = best else { throw firstError! }
        if !map.missingRequired.isEmpty {
            if let firstError { throw firstError }
            let missing = map.missingRequired.joined(separator: ", ")
            throw IngestError(.badHeader, "\(fileName) lacks the required column\(map.missingRequired.count > 1 ? "s" : "") \(missing) of the form profile \(profile.id) (\(profile.title)); export the form with \(map.missingRequired.count > 1 ? "those columns" : "that column") or name another profile with --profile.")
        }
        return (profile, map)
    }

    private static func better(_ candidate: HeaderMap, than current: HeaderMap) -> Bool {
        if candidate.missingRequired.isEmpty != current.missingRequired.isEmpty { return candidate.missingRequired.isEmpty }
        return candidate.matched > current.matched
    }
}
