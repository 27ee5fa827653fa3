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

/// The ICU version as "major.minor", for `meyasu doctor` and tests.
const char *cicu_version(void);

#ifdef __cplusplus
}
#endif

#endif
