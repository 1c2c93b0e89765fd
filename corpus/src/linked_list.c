/* singly/doubly linked lists: build, reverse, merge sort, delete, checksum. args: [n] */
#include <stdio.h>
#include <stdlib.h>
struct node { long v; struct node *next; };
static struct node *merge(struct node *a, struct node *b) {
    struct node head, *t = &head;
    while (a && b) { if (a->v <= b->v) { t->next = a; a = a->next; } else { t->next = b; b = b->next; } t = t->next; }
    t->next = a ? a : b; return head.next;
}
static struct node *msort(struct node *h) {
    if (!h || !h->next) return h;
    struct node *slow = h, *fast = h->next;
    while (fast && fast->next) { slow = slow->next; fast = fast->next->next; }
    struct node *r = slow->next; slow->next = NULL;
    return merge(msort(h), msort(r));
}
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 20000;
    struct node *h = NULL; unsigned s = 42;
    for (int i = 0; i < n; i++) { struct node *x = malloc(sizeof *x); s = s * 1103515245 + 12345; x->v = (s >> 8) % 100000; x->next = h; h = x; }
    long sum = 0; for (struct node *p = h; p; p = p->next) sum += p->v;
    /* reverse */
    struct node *r = NULL; while (h) { struct node *nx = h->next; h->next = r; r = h; h = nx; } h = r;
    printf("n=%d sum=%ld first=%ld\n", n, sum, h->v);
    h = msort(h);
    long prev = -1; int ok = 1; unsigned long ck = 0; int i = 0;
    for (struct node *p = h; p; p = p->next, i++) { if (p->v < prev) ok = 0; prev = p->v; ck = ck * 31 + p->v; if (i < 10) printf("%ld ", p->v); }
    printf("\nsorted=%d ck=%lu\n", ok, ck);
    /* delete every third, free the rest */
    struct node **pp = &h; i = 0; int del = 0;
    while (*pp) { if (i++ % 3 == 0) { struct node *d = *pp; *pp = d->next; free(d); del++; } else pp = &(*pp)->next; }
    int left = 0; while (h) { struct node *nx = h->next; free(h); h = nx; left++; }
    printf("deleted=%d left=%d\n", del, left);
    return 0;
}
