# Everyday tools on the tmpfs root: files, pipes, find/grep/sed/awk/sort/xargs, tar and gzip,
# and the process and memory views (ps, free, df) that read /proc and statfs.
mkdir -p /tmp/t/a/b && cd /tmp/t
printf 'pear\napple\nfig\n' > a/fruit.txt
printf 'one two\nthree four\n' > a/b/words.txt
ln -s a/fruit.txt link
find . -type f | sort
grep -rn four .
sed -e 's/apple/APPLE/' a/fruit.txt | sort
awk '{ n += NF } END { print "words:", n }' a/b/words.txt
find . -name '*.txt' | sort | xargs cat | wc -l
tar -cf /tmp/t.tar a && mkdir x && tar -xf /tmp/t.tar -C x && cmp a/fruit.txt x/a/fruit.txt && echo tar ok
gzip -c a/fruit.txt > f.gz && gzip -dc f.gz | md5sum | cut -c1-8
cat link | head -1
readlink link
mount -t proc proc /proc 2>/dev/null
ps | head -1
free | head -1 | awk '{ print $1, $2, $3 }'
df / | head -1 | awk '{ print $1 }'
echo status $?
