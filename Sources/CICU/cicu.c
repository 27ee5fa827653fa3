#include "cicu.h"

#include <stdio.h>
#include <stdlib.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>
#include <unicode/unorm2.h>
#include <unicode/ubrk.h>
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

int32_t cicu_normalize(int32_t form, const uint16_t *text, int32_t length, uint16_t *out, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *normalizer = form == CICU_NFKC ? unorm2_getNFKCInstance(&status) : unorm2_getNFCInstance(&status);
    if (U_FAILURE(status)) return -1;
    int32_t written = unorm2_normalize(normalizer, (const UChar *)text, length, (UChar *)out, capacity, &status);
    if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING) {
        return status == U_STRING_NOT_TERMINATED_WARNING && written <= capacity ? written : -1;
    }
    return written;
}

struct cicu_words {
    UBreakIterator *iterator;
};

cicu_words *cicu_words_open(void) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *iterator = ubrk_open(UBRK_WORD, "ja", NULL, 0, &status);
    if (U_FAILURE(status) || iterator == NULL) return NULL;
    cicu_words *words = (cicu_words *)malloc(sizeof(cicu_words));
    if (words == NULL) { ubrk_close(iterator); return NULL; }
    words->iterator = iterator;
    return words;
}

void cicu_words_close(cicu_words *words) {
    if (words == NULL) return;
    ubrk_close(words->iterator);
    free(words);
}

int32_t cicu_words_find(cicu_words *words, const uint16_t *text, int32_t length,
                        int32_t *starts, int32_t *ends, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    ubrk_setText(words->iterator, (const UChar *)text, length, &status);
    if (U_FAILURE(status)) return -1;
    int32_t count = 0;
    int32_t start = ubrk_first(words->iterator);
    for (int32_t end = ubrk_next(words->iterator); end != UBRK_DONE && count < capacity;
         start = end, end = ubrk_next(words->iterator)) {
        // UBRK_WORD_NONE (0..99): spaces and punctuation, not words.
        if (ubrk_getRuleStatus(words->iterator) >= UBRK_WORD_NONE_LIMIT) {
            starts[count] = start;
            ends[count] = end;
            count++;
        }
    }
    return count;
}

const char *cicu_version(void) {
    static char buffer[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo info;
    u_getVersion(info);
    snprintf(buffer, sizeof(buffer), "%d.%d", info[0], info[1]);
    return buffer;
}
