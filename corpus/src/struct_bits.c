/* struct copies, bitfields, packed structs, unions (type punning), large struct return. */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
struct bf { unsigned a : 3; signed b : 5; unsigned c : 12; unsigned long long d : 40; signed e : 1; };
struct __attribute__((packed)) pk { char c; int32_t i; int64_t l; short s; };
union pun { double d; uint64_t u; float f[2]; uint8_t b[8]; };
struct big { int64_t v[20]; char name[40]; };
static struct big make(int k) { struct big b; for (int i = 0; i < 20; i++) b.v[i] = (int64_t)k * i - 7; snprintf(b.name, sizeof b.name, "big-%d", k); return b; }
static int64_t sum(struct big b) { int64_t s = 0; for (int i = 0; i < 20; i++) s += b.v[i]; return s + (int64_t)strlen(b.name); }
int main(void) {
    struct bf x; memset(&x, 0, sizeof x);
    for (int i = 0; i < 40; i++) {
        x.a = i; x.b = i - 20; x.c += i * 97; x.d = x.d * 3 + i; x.e = i;
        if (i % 4 == 0) printf("bf a=%u b=%d c=%u d=%llu e=%d\n", x.a, x.b, x.c, (unsigned long long)x.d, x.e);
    }
    printf("sizeof bf=%zu pk=%zu offsetof-ish l=%zu\n", sizeof(struct bf), sizeof(struct pk), (size_t)((char *)&((struct pk *)0)->l - (char *)0));
    struct pk p[4]; for (int i = 0; i < 4; i++) { p[i].c = 'a' + i; p[i].i = -i * 1000000; p[i].l = (int64_t)i << 40; p[i].s = (short)(i * 1000 - 1); }
    int64_t t = 0; for (int i = 0; i < 4; i++) t += p[i].c + p[i].i + p[i].l + p[i].s; printf("packed sum %lld\n", (long long)t);
    union pun u; u.d = -1.5; printf("pun %016llx f0=%a f1=%a b7=%02x\n", (unsigned long long)u.u, (double)u.f[0], (double)u.f[1], u.b[7]);
    u.u = 0x3ff0000000000001ull; printf("pun back %.17g\n", u.d);
    struct big b = make(3), c; c = b; c.v[5] = 1000; printf("big %lld %lld %s\n", (long long)sum(b), (long long)sum(c), c.name);
    struct big arr[8]; for (int i = 0; i < 8; i++) arr[i] = make(i); int64_t s = 0; for (int i = 0; i < 8; i++) s += sum(arr[7 - i]) * i; printf("arr %lld\n", (long long)s);
    return 0;
}
