using ArabicNewsArchive.Ingestion;

namespace ArabicNewsArchive.Core.Tests.Ingestion;

public sealed class SharedLoopTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Loop_HelperTakesItemsWhileTheOwnerIsBusy()
    {
        // The owner's first item waits until the rest have run, which only a helper can do: without helping, the
        // gate times out.
        var shared = new SharedLoops();
        var runs = new int[50];
        using var restDone = new CountdownEvent(runs.Length - 1);
        var ownerWaited = false;
        var loop = new SharedLoop(runs.Length, (i, _) =>
        {
            Interlocked.Increment(ref runs[i]);
            if (i == 0)
            {
                ownerWaited = restDone.Wait(s_patience);
            }
            else
            {
                restDone.Signal();
            }

            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        var owner = Task.Run(() => shared.RunAsync(loop, threads: 1));
        var helped = await shared.HelpUntilAsync(owner).WaitAsync(s_patience);
        await owner;

        Assert.True(ownerWaited);
        Assert.Equal(runs.Length - 1, helped);
        Assert.All(runs, r => Assert.Equal(1, r));
    }

    [Fact]
    public async Task Loop_EveryItemRunsOnce_WithSeveralThreadsAndHelpers()
    {
        var shared = new SharedLoops();
        var runs = new int[5000];
        var loop = new SharedLoop(runs.Length, async (i, _) =>
        {
            Interlocked.Increment(ref runs[i]);
            if (i % 100 == 0)
            {
                await Task.Yield();
            }
        }, CancellationToken.None);

        var owner = shared.RunAsync(loop, threads: 3);
        var helpers = Enumerable.Range(0, 3).Select(_ => Task.Run(() => shared.HelpUntilAsync(owner))).ToList();
        await owner.WaitAsync(s_patience);
        await Task.WhenAll(helpers).WaitAsync(s_patience);

        Assert.All(runs, r => Assert.Equal(1, r));
    }

    [Fact]
    public async Task Loop_AFailureReachesTheOwner_NotTheHelper()
    {
        var shared = new SharedLoops();
        var started = 0;
        var loop = new SharedLoop(200, (i, _) =>
        {
            Interlocked.Increment(ref started);
            return i == 7 ? throw new InvalidDataException("item 7") : ValueTask.CompletedTask;
        }, CancellationToken.None);

        var owner = Task.Run(() => shared.RunAsync(loop, threads: 1));
        await shared.HelpUntilAsync(owner).WaitAsync(s_patience);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => owner);
        Assert.Equal("item 7", error.Message);
        Assert.True(Volatile.Read(ref started) < 200, "items after a failure are skipped");
    }

    [Fact]
    public async Task Helper_WaitsForTheNextLoop_AndStopsWhenReady()
    {
        var shared = new SharedLoops();
        var ready = new TaskCompletionSource();
        var helper = shared.HelpUntilAsync(ready.Task);
        await Task.Delay(50);
        Assert.False(helper.IsCompleted);

        // A loop opened after the helper started waiting is still found.
        var ran = new int[10];
        using var gate = new ManualResetEventSlim();
        var loop = new SharedLoop(ran.Length, (i, _) =>
        {
            if (i == 0)
            {
                gate.Wait(s_patience);
            }

            Interlocked.Increment(ref ran[i]);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        var owner = Task.Run(() => shared.RunAsync(loop, threads: 1));
        SpinWait.SpinUntil(() => ran.Skip(1).All(r => r == 1), s_patience);
        gate.Set();
        await owner.WaitAsync(s_patience);
        Assert.All(ran, r => Assert.Equal(1, r));

        ready.SetResult();
        Assert.Equal(ran.Length - 1, await helper.WaitAsync(s_patience));
    }
}
