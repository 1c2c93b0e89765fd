# busybox httpd serving a directory on a loopback port, busybox wget fetching from it (both under lxrun)
mkdir www; echo served file > www/index.txt
for p in 18481 18482 18483 18484 18485; do
  busybox httpd -f -p 127.0.0.1:$p -h www & pid=$!
  ok=; i=0
  while [ $i -lt 100 ]; do
    if busybox wget -q -O got.txt http://127.0.0.1:$p/index.txt 2>/dev/null; then ok=1; break; fi
    kill -0 $pid 2>/dev/null || break; sleep 0.1; i=$((i + 1))
  done
  [ -n "$ok" ] && break
done
cat got.txt
{ kill $pid; wait $pid; echo "httpd ended $?"; } 2>/dev/null
rm -r www got.txt
