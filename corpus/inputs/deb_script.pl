# perl features for the debian case deb_perl_script: file I/O, sort, regex, sprintf, opendir.
use strict;
use warnings;

open(my $out, '>', 'data.txt') or die "data.txt: $!";
for my $i (1 .. 50) {
    printf $out "%03d %s\n", ($i * 37) % 101, join('', map { chr(97 + ($i * $_) % 26) } 1 .. 5);
}
close $out;

open(my $in, '<', 'data.txt') or die;
my @lines = <$in>;
close $in;
my @by_word = sort { (split ' ', $a)[1] cmp (split ' ', $b)[1] or $a cmp $b } @lines;
print "first by word: ", @by_word[0 .. 2];
my @num = sort { $b <=> $a } map { (split ' ')[0] } @lines;
print "largest: @num[0 .. 4]\n";

my %count;
for (@lines) { $count{$1}++ while /([aeiou])/g }
print join(',', map { "$_=$count{$_}" } sort keys %count), "\n";
(my $title = "the quick brown fox") =~ s/(\w+)/\u\L$1/g;
print "$title\n";
my @parts = "2024-01-15T10:20:30" =~ /^(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)$/;
print "parts: @parts\n";
print sprintf("%-8s|%8.3f|%x|%o|%e|%5.1f%%", "left", 3.14159, 255, 8, 12345.678, 99.44), "\n";

mkdir 'd' or die "mkdir: $!";
for my $n (qw(b a c)) { open my $f, '>', "d/$n.txt" or die; print $f $n x (ord($n) - 96); close $f }
opendir(my $dh, 'd') or die;
my @names = sort grep { !/^\./ } readdir $dh;
closedir $dh;
print join(' ', map { "$_:" . (-s "d/$_") } @names), "\n";
rename('d/a.txt', 'd/z.txt') or die;
unlink 'd/b.txt';
print join(' ', sort glob('d/*')), "\n";
print "is dir: ", (-d 'd' ? 1 : 0), " exists: ", (-e 'd/b.txt' ? 1 : 0), "\n";
my @st = stat 'data.txt';
print "size $st[7] mode ", sprintf('%o', $st[2] & 07777), "\n";
{
    local $/;
    open $in, '<', 'data.txt' or die;
    my $all = <$in>;
    print length($all), " bytes, ", ($all =~ tr/\n//), " lines\n";
}
my %h = (one => 1, two => 2, three => 3);
print join(',', map { qq("$_":$h{$_}) } sort { $h{$a} <=> $h{$b} } keys %h), "\n";
print "args: @ARGV\n";
exit 2;
