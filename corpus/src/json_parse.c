/* small recursive-descent JSON parser: parses an embedded document (repeated), prints a canonical dump
 * and statistics. args: [repeat] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
static const char *p; static int depthmax, nstr, nnum, nobj, narr, nerr; static double numsum; static unsigned long strhash;
static int out; static void emit(const char *s) { if (out) fputs(s, stdout); }
static void ws(void) { while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') p++; }
static int value(int d);
static int string(void) {
    if (*p != '"') return 0; p++; char buf[256]; int n = 0;
    while (*p && *p != '"') {
        char c = *p++;
        if (c == '\\') { c = *p++; switch (c) { case 'n': c = '\n'; break; case 't': c = '\t'; break; case 'u': { unsigned v = 0; for (int i = 0; i < 4; i++) { v = v * 16 + (isdigit((unsigned char)*p) ? *p - '0' : (tolower((unsigned char)*p) - 'a' + 10)); p++; } c = v < 128 ? (char)v : '?'; } break; default: break; } }
        if (n < 255) buf[n++] = c; strhash = strhash * 131 + (unsigned char)c;
    }
    if (*p != '"') return 0; p++; buf[n] = 0; nstr++;
    if (out) { putchar('"'); for (int i = 0; i < n; i++) { if (buf[i] == '\n') fputs("\\n", stdout); else if (buf[i] == '"') fputs("\\\"", stdout); else putchar(buf[i]); } putchar('"'); }
    return 1;
}
static int value(int d) {
    ws(); if (d > depthmax) depthmax = d;
    if (*p == '{') { p++; nobj++; emit("{"); ws(); if (*p == '}') { p++; emit("}"); return 1; }
        for (int first = 1;; first = 0) { if (!first) emit(","); ws(); if (!string()) return 0; ws(); if (*p++ != ':') return 0; emit(":"); if (!value(d + 1)) return 0; ws(); if (*p == ',') { p++; continue; } if (*p == '}') { p++; emit("}"); return 1; } return 0; } }
    if (*p == '[') { p++; narr++; emit("["); ws(); if (*p == ']') { p++; emit("]"); return 1; }
        for (int first = 1;; first = 0) { if (!first) emit(","); if (!value(d + 1)) return 0; ws(); if (*p == ',') { p++; continue; } if (*p == ']') { p++; emit("]"); return 1; } return 0; } }
    if (*p == '"') return string();
    if (!strncmp(p, "true", 4)) { p += 4; emit("true"); return 1; }
    if (!strncmp(p, "false", 5)) { p += 5; emit("false"); return 1; }
    if (!strncmp(p, "null", 4)) { p += 4; emit("null"); return 1; }
    if (*p == '-' || isdigit((unsigned char)*p)) { char *e; double v = strtod(p, &e); if (e == p) return 0; p = e; nnum++; numsum += v; if (out) printf("%.17g", v); return 1; }
    return 0;
}
static const char *doc = "{\"name\": \"lxrun corpus\", \"version\": 1.25, \"tags\": [\"x86-64\", \"jvm\", \"static\"],\n"
    " \"nested\": {\"a\": [1, 2, 3, [4, 5, [6, [7, [8]]]]], \"b\": {\"c\": {\"d\": null, \"e\": true, \"f\": false}}},\n"
    " \"numbers\": [0, -0, 1e10, -2.5E-3, 3.14159, 12345678901234567890, 0.1, 1e-300],\n"
    " \"escapes\": \"line\\nnext \\\"quoted\\\" tab\\t unicode \\u0041\\u00e9\", \"empty\": {}, \"emptyarr\": [],\n"
    " \"matrix\": [[1,0,0],[0,1,0],[0,0,1]], \"deep\": [[[[[[[[[[\"bottom\"]]]]]]]]]]}";
int main(int argc, char **argv) {
    int rep = argc > 1 ? atoi(argv[1]) : 2000;
    p = doc; out = 1; int ok = value(0); printf("\nok=%d\n", ok);
    out = 0;
    for (int i = 0; i < rep; i++) { p = doc; if (!value(0)) nerr++; }
    const char *bad[] = {"{", "[1,2", "{\"a\" 1}", "tru", "[1,]x", "\"unterminated", "{\"k\":}", "", "[-]"};
    for (int i = 0; i < 9; i++) { p = bad[i]; int r = value(0); ws(); printf("bad[%d] parsed=%d complete=%d\n", i, r, r && !*p); }
    printf("rep=%d errs=%d depth=%d str=%d num=%d obj=%d arr=%d numsum=%.6g strhash=%lu\n", rep, nerr, depthmax, nstr, nnum, nobj, narr, numsum, strhash);
    return 0;
}
