#pragma once
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

// libpng reports errors by longjmp-ing out of its own frames. Swift frames cannot be jumped
// over, so every libpng call happens inside the two C functions below, which set their own
// jump target and hand errors back as a return code plus a message. No Swift code is ever
// called from inside libpng.

/// Outcome codes of `packsfm_png_decode` and `packsfm_png_encode`.
static const int PACKSFM_PNG_OK = 0;
/// libpng stopped with an error; the message says why ("truncated" when the data ran out).
static const int PACKSFM_PNG_FAILED = 1;
/// Decoding without expansion found a file that is not 16-bit gray; nothing was decoded.
static const int PACKSFM_PNG_NOT_GRAY16 = 2;

/// The message libpng's read callback gives when the input ends early.
#define PACKSFM_PNG_TRUNCATED "truncated"

/// Error text and input cursor shared with the libpng callbacks.
typedef struct {
    char message[200];
    const unsigned char *input;
    size_t inputSize, inputOffset;
    unsigned char *output;
    size_t outputSize, outputCapacity;
} PackSfMPNGState;

/// A decoded image: rows packed without padding; 16-bit samples big-endian.
typedef struct {
    unsigned int width, height;
    /// Channels and bits per sample of `pixels` (after expansion when asked for).
    int channels, bitDepth;
    /// Colour type and bit depth as stored in the file.
    int fileColorType, fileBitDepth;
    /// `height · width · channels · bitDepth/8` bytes, allocated with malloc; release with
    /// `packsfm_png_free`.
    unsigned char *pixels;
} PackSfMPNGDecoded;

static inline void packsfm_png_free(void *pointer) { free(pointer); }

static inline void packsfm_png_error(png_structp png, png_const_charp message) {
    PackSfMPNGState *state = (PackSfMPNGState *)png_get_error_ptr(png);
    strncpy(state->message, message, sizeof state->message - 1);
    state->message[sizeof state->message - 1] = 0;
    png_longjmp(png, 1);
}

static inline void packsfm_png_warning(png_structp png, png_const_charp message) {
    (void)png; (void)message; // Ancillary problems (bad CRC on a text chunk, ...) are not fatal.
}

static inline void packsfm_png_read_bytes(png_structp png, png_bytep destination, size_t count) {
    PackSfMPNGState *state = (PackSfMPNGState *)png_get_io_ptr(png);
    if (count > state->inputSize - state->inputOffset) png_error(png, PACKSFM_PNG_TRUNCATED);
    memcpy(destination, state->input + state->inputOffset, count);
    state->inputOffset += count;
}

static inline void packsfm_png_write_bytes(png_structp png, png_bytep source, size_t count) {
    PackSfMPNGState *state = (PackSfMPNGState *)png_get_io_ptr(png);
    if (count > state->outputCapacity - state->outputSize) {
        size_t capacity = state->outputCapacity * 2 + count + 4096;
        unsigned char *grown = (unsigned char *)realloc(state->output, capacity);
        if (!grown) png_error(png, "out of memory");
        state->output = grown;
        state->outputCapacity = capacity;
    }
    memcpy(state->output + state->outputSize, source, count);
    state->outputSize += count;
}

static inline void packsfm_png_flush(png_structp png) { (void)png; }

/// Decodes the PNG file held in `state->input`.
///
/// With `expand` set, palette images become RGB(A), gray below 8 bits becomes 8-bit gray,
/// transparency chunks become an alpha channel and gray with alpha becomes RGBA, so the result
/// has 1, 3 or 4 channels of 8 or 16 bits. Without `expand` only 16-bit gray files are decoded
/// (others return `PACKSFM_PNG_NOT_GRAY16` with the file's colour type and depth filled in).
/// Interlaced files are de-interlaced either way. On success `decoded->pixels` must be freed.
static inline int packsfm_png_decode(PackSfMPNGState *state, int expand, PackSfMPNGDecoded *decoded) {
    memset(decoded, 0, sizeof *decoded);
    state->message[0] = 0;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, state, packsfm_png_error, packsfm_png_warning);
    if (!png) { strcpy(state->message, "out of memory"); return PACKSFM_PNG_FAILED; }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        strcpy(state->message, "out of memory");
        return PACKSFM_PNG_FAILED;
    }
    unsigned char *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(rows);
        free(pixels);
        png_destroy_read_struct(&png, &info, NULL);
        return PACKSFM_PNG_FAILED;
    }
    png_set_read_fn(png, state, packsfm_png_read_bytes);
    png_set_user_limits(png, 1 << 15, 1 << 15);
    png_read_info(png, info);
    int colorType = png_get_color_type(png, info), bitDepth = png_get_bit_depth(png, info);
    decoded->fileColorType = colorType;
    decoded->fileBitDepth = bitDepth;
    if (expand) {
        int transparent = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
        if (colorType == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
        if (colorType == PNG_COLOR_TYPE_GRAY && bitDepth < 8) png_set_expand_gray_1_2_4_to_8(png);
        if (transparent) png_set_tRNS_to_alpha(png);
        if (colorType == PNG_COLOR_TYPE_GRAY_ALPHA || (colorType == PNG_COLOR_TYPE_GRAY && transparent))
            png_set_gray_to_rgb(png);
    } else if (colorType != PNG_COLOR_TYPE_GRAY || bitDepth != 16) {
        png_destroy_read_struct(&png, &info, NULL);
        return PACKSFM_PNG_NOT_GRAY16;
    }
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    decoded->width = png_get_image_width(png, info);
    decoded->height = png_get_image_height(png, info);
    decoded->channels = png_get_channels(png, info);
    decoded->bitDepth = png_get_bit_depth(png, info);
    size_t rowBytes = png_get_rowbytes(png, info);
    pixels = (unsigned char *)malloc(rowBytes * decoded->height + 1);
    if (!pixels) png_error(png, "out of memory");
    // png_read_image needs every row pointer at once (interlaced files fill rows in passes).
    rows = (png_bytep *)malloc(sizeof(png_bytep) * (decoded->height + 1));
    if (!rows) png_error(png, "out of memory");
    for (unsigned int y = 0; y < decoded->height; y++) rows[y] = pixels + y * rowBytes;
    png_read_image(png, rows);
    free(rows);
    rows = NULL;
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    decoded->pixels = pixels;
    return PACKSFM_PNG_OK;
}

/// Encodes packed rows (`channels` of 1–4, `bitDepth` 8 or 16 with big-endian samples) into
/// `state->output` (malloc'd; the caller frees it with `packsfm_png_free`, also on failure).
static inline int packsfm_png_encode(PackSfMPNGState *state, const unsigned char *pixels,
                                     unsigned int width, unsigned int height, int channels, int bitDepth) {
    static const int colorTypes[] = {
        PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA
    };
    state->message[0] = 0;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, state, packsfm_png_error, packsfm_png_warning);
    if (!png) { strcpy(state->message, "out of memory"); return PACKSFM_PNG_FAILED; }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        strcpy(state->message, "out of memory");
        return PACKSFM_PNG_FAILED;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return PACKSFM_PNG_FAILED;
    }
    png_set_write_fn(png, state, packsfm_png_write_bytes, packsfm_png_flush);
    // Reconstructions write several images per frame: zlib level 1 with the cheap row filters
    // encodes a 640x480 frame 3-5x faster than libpng's defaults (level 6, all filters) for
    // files 1-3% larger (`swift run -c release Benchmarks imaging`).
    png_set_compression_level(png, 1);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FAST_FILTERS);
    png_set_IHDR(png, info, width, height, bitDepth, colorTypes[channels - 1], PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    size_t rowBytes = (size_t)width * channels * (bitDepth / 8);
    for (unsigned int y = 0; y < height; y++) png_write_row(png, pixels + y * rowBytes);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return PACKSFM_PNG_OK;
}
