#include "cicu.h"

#include <stdio.h>
#include <stdlib.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

struct cicu_converter {
    UConverter *ucnv;
};

cicu_converter *cicu_converter_open(const char *name) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter *ucnv = ucnv_open(name, &status);
    if (U_FAILURE(status) || ucnv == NULL) return NULL;
    // Stop at the first invalid or unmappable byte instead of substituting U+FFFD:
    // the importer reports such a row rather than storing mangled text.
    ucnv_setToUCallBack(ucnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &status);
    if (U_FAILURE(status)) { ucnv_close(ucnv); return NULL; }
    cicu_converter *converter = (cicu_converter *)malloc(sizeof(cicu_converter));
    if (converter == NULL) { ucnv_close(ucnv); return NULL; }
    converter->ucnv = ucnv;
    return converter;
}

void cicu_converter_close(cicu_converter *converter) {
    if (converter == NULL) return;
    ucnv_close(converter->ucnv);
    free(converter);
}

int32_t cicu_converter_to_utf16(cicu_converter *converter,
                                const uint8_t *bytes, int32_t length,
                                uint16_t *out, int32_t capacity,
                                int32_t *error_offset) {
    UErrorCode status = U_ZERO_ERROR;
    ucnv_resetToUnicode(converter->ucnv);
    UChar *target = (UChar *)out;
    const UChar *targetLimit = target + capacity;
    const char *source = (const char *)bytes;
    const char *sourceLimit = source + length;
    ucnv_toUnicode(converter->ucnv, &target, targetLimit, &source, sourceLimit, NULL, 1, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) return -2;
    if (U_FAILURE(status)) {
        int32_t consumed = (int32_t)(source - (const char *)bytes);
        // `source` points past the offending bytes; step back by what ICU held as invalid.
        char invalid[8];
        int8_t invalidLength = (int8_t)sizeof(invalid);
        UErrorCode ignored = U_ZERO_ERROR;
        ucnv_getInvalidChars(converter->ucnv, invalid, &invalidLength, &ignored);
        if (U_SUCCESS(ignored) && invalidLength <= consumed) consumed -= invalidLength;
        if (error_offset != NULL) *error_offset = consumed;
        return -1;
    }
    return (int32_t)(target - (UChar *)out);
}

int32_t cicu_converter_to_utf8(cicu_converter *converter,
                               const uint8_t *bytes, int32_t length,
                               uint16_t *scratch, int32_t scratch_capacity,
                               uint8_t *out, int32_t capacity,
                               int32_t *error_offset) {
    int32_t units = cicu_converter_to_utf16(converter, bytes, length, scratch, scratch_capacity, error_offset);
    if (units < 0) return units;
    UErrorCode status = U_ZERO_ERROR;
    int32_t written = 0;
    u_strToUTF8((char *)out, capacity, &written, (const UChar *)scratch, units, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) {
        return written <= capacity && status == U_STRING_NOT_TERMINATED_WARNING ? written : -2;
    }
    if (U_FAILURE(status)) {
        if (error_offset != NULL) *error_offset = 0;
        return -1;
    }
    return written;
}

const char *cicu_version(void) {
    static char buffer[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo info;
    u_getVersion(info);
    snprintf(buffer, sizeof(buffer), "%d.%d", info[0], info[1]);
    return buffer;
}
