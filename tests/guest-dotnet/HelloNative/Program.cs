using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

// Each check prints "ok NAME" or "FAIL NAME: why"; the exit status is the number of failures.
int failures = 0;
void Check(string name, bool ok, string why = "")
{
    Console.WriteLine(ok ? $"ok {name}" : $"FAIL {name}: {why}");
    if (!ok) failures++;
}

// Threads contending on a lock.
long counter = 0;
var gate = new object();
var threads = new List<Thread>();
for (int t = 0; t < 4; t++)
{
    var thread = new Thread(() => { for (int i = 0; i < 100_000; i++) lock (gate) counter++; });
    threads.Add(thread);
    thread.Start();
}
foreach (var thread in threads) thread.Join();
Check("threads", counter == 400_000, $"counter {counter}");

// The thread pool and tasks.
int sum = Parallel.For(0, 64, _ => { }).IsCompleted ? 64 : 0;
var tasks = new Task<int>[8];
for (int i = 0; i < tasks.Length; i++) { int n = i; tasks[i] = Task.Run(() => n * n); }
Task.WaitAll(tasks);
int squares = 0;
foreach (var task in tasks) squares += task.Result;
Check("tasks", sum == 64 && squares == 140, $"sum {sum}, squares {squares}");

// The garbage collector: a changing live set checked for integrity while allocating far more.
var live = new byte[256][];
var random = new Random(42);
for (int round = 0; round < 20_000; round++)
{
    int slot = random.Next(live.Length);
    if (live[slot] != null && live[slot][0] != (byte)(live[slot].Length & 0xFF)) { Check("gc", false, "corrupted object"); break; }
    var block = new byte[random.Next(1, 16_384)];
    block[0] = (byte)(block.Length & 0xFF);
    live[slot] = block;
}
GC.Collect();
Check("gc", GC.CollectionCount(0) > 0, "no collection happened");

// Files and time.
string path = Path.Combine(Path.GetTempPath(), "hello-native.txt");
File.WriteAllText(path, "native\n");
Check("files", File.ReadAllText(path) == "native\n", "read back differs");
File.Delete(path);
var clock = System.Diagnostics.Stopwatch.StartNew();
Thread.Sleep(50);
Check("sleep", clock.ElapsedMilliseconds >= 45, $"slept {clock.ElapsedMilliseconds} ms");
Check("environment", Environment.ProcessorCount >= 1 && Environment.OSVersion.Platform == PlatformID.Unix, "environment");

Console.WriteLine(failures == 0 ? "dotnet ok" : $"dotnet failures {failures}");
return failures;
