#ifndef CICU_H
#define CICU_H

// The only door to ICU. Swift sees plain C types here, never ICU's own headers:
// Foundation on Linux ships its own ICU module, and ICU's headers cannot share a
// Swift module with it.

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An opaque ICU converter (one per thread; not thread-safe).
typedef struct cicu_converter cicu_converter;

/// Opens a converter by ICU name (e.g. "windows-31j"); returns NULL if unknown.
cicu_converter *cicu_converter_open(const char *name);
void cicu_converter_close(cicu_converter *converter);

/// Converts `length` bytes to UTF-16, stopping at the first invalid or unmappable byte.
/// Returns the number of UTF-16 units written (>= 0), or -1 on an invalid byte sequence
/// (with `*error_offset` set to the byte offset where it was found), or -2 when `capacity`
/// is too small.
int32_t cicu_converter_to_utf16(cicu_converter *converter,
                                const uint8_t *bytes, int32_t length,
                                uint16_t *out, int32_t capacity,
                                int32_t *error_offset);

/// Converts `length` bytes to UTF-8 (through UTF-16 in `scratch`, which must hold `length`
/// units), stopping at the first invalid or unmappable byte. Returns the number of UTF-8 bytes
/// written (>= 0), -1 on an invalid byte sequence (with `*error_offset` set), or -2 when a
/// buffer is too small (`out` needs up to 3 bytes per input byte).
int32_t cicu_converter_to_utf8(cicu_converter *converter,
                               const uint8_t *bytes, int32_t length,
                               uint16_t *scratch, int32_t scratch_capacity,
                               uint8_t *out, int32_t capacity,
                               int32_t *error_offset);

/// Unicode normalisation forms for `cicu_normalize`.
enum { CICU_NFC = 0, CICU_NFKC = 1 };

/// Normalises UTF-16 `text` to NFC or NFKC into `out`. Returns the number of units written,
/// or -1 on failure (including a too-small `out`).
int32_t cicu_normalize(int32_t form, const uint16_t *text, int32_t length, uint16_t *out, int32_t capacity);

/// An opaque ICU word break iterator for Japanese (dictionary-based); not thread-safe.
typedef struct cicu_words cicu_words;

cicu_words *cicu_words_open(void);
void cicu_words_close(cicu_words *words);

/// Finds the words of UTF-16 `text`: for each word (spaces and punctuation skipped) its start and
/// end offsets in UTF-16 units. Returns how many words were found (at most `capacity`), or -1.
int32_t cicu_words_find(cicu_words *words, const uint16_t *text, int32_t length,
                        int32_t *starts, int32_t *ends, int32_t capacity);

/// The ICU version as "major.minor", for `meyasu doctor` and tests.
const char *cicu_version(void);

#ifdef __cplusplus
}
#endif

#endif
