/* ASCII Mandelbrot render plus iteration histogram. args: [width] (height = width/2) */
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
    int w = argc > 1 ? atoi(argv[1]) : 78, h = w / 2, maxit = 200; long total = 0; long hist[8] = {0};
    const char *pal = " .:-=+*#%@";
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            double cr = -2.2 + 3.2 * x / w, ci = -1.2 + 2.4 * y / h, zr = 0, zi = 0; int it = 0;
            while (it < maxit && zr * zr + zi * zi < 4) { double t = zr * zr - zi * zi + cr; zi = 2 * zr * zi + ci; zr = t; it++; }
            total += it; hist[it * 8 / (maxit + 1)]++;
            if (w <= 160) putchar(it == maxit ? '@' : pal[it % 9]);
        }
        if (w <= 160) putchar('\n');
    }
    printf("total iterations %ld\n", total);
    for (int i = 0; i < 8; i++) printf("%ld ", hist[i]);
    printf("\n");
    return 0;
}
