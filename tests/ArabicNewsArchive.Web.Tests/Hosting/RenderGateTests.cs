using System.Net;
using ArabicNewsArchive.Web.Components;
using ArabicNewsArchive.Web.Hosting;
using ArabicNewsArchive.Web.Tests.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ArabicNewsArchive.Web.Tests.Hosting;

public sealed class RenderGateTests(ArchiveAppFactory app) : IClassFixture<ArchiveAppFactory>
{
    // A gate that let everyone through, or no one, fails the test instead of hanging it.
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RenderGate_RunsNoMoreReadsAtOnceThanItsLimit_AndQueuesTheRest()
    {
        var running = 0;
        var most = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pipeline = Pipeline(2, async _ =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await release.Task;
            Interlocked.Decrement(ref running);
        });

        var reads = Enumerable.Range(0, 6).Select(_ => pipeline(Request("GET", "/api/articles"))).ToList();
        await WaitUntil(() => Volatile.Read(ref running) == 2);
        // The four others wait at the gate: none of them has reached the endpoint.
        await Task.Delay(100);
        Assert.Equal(2, Volatile.Read(ref running));
        Assert.All(reads, r => Assert.False(r.IsCompleted));

        release.SetResult();
        await Task.WhenAll(reads).WaitAsync(s_timeout);
        Assert.Equal(2, most);
    }

    [Fact]
    public async Task RenderGate_LetsWritesAndTheHubPastAFullGate()
    {
        var reached = new List<string>();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pipeline = Pipeline(1, async http =>
        {
            lock (reached)
            {
                reached.Add($"{http.Request.Method} {http.Request.Path}");
            }

            if (http.Request.Path == "/search")
            {
                await hold.Task;
            }
        });

        var page = pipeline(Request("GET", "/search", page: true));
        await WaitUntil(() => { lock (reached) { return reached.Count == 1; } });

        // The one place is taken: a write, the circuits' hub and a static file still get through, a read does not.
        await pipeline(Request("POST", "/api/articles/x/title")).WaitAsync(s_timeout);
        await pipeline(Request("POST", "/_blazor/negotiate")).WaitAsync(s_timeout);
        await pipeline(Request("GET", "/_framework/blazor.web.js")).WaitAsync(s_timeout);
        var read = pipeline(Request("GET", "/export/articles.csv"));
        await Task.Delay(100);
        Assert.False(read.IsCompleted);

        hold.SetResult();
        await Task.WhenAll(page, read).WaitAsync(s_timeout);
        Assert.Equal(["GET /search", "POST /api/articles/x/title", "POST /_blazor/negotiate", "GET /_framework/blazor.web.js", "GET /export/articles.csv"], reached);
    }

    [Fact]
    public async Task RenderGate_AReaderWhoLeavesWhileQueued_NeverRuns()
    {
        var runs = 0;
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pipeline = Pipeline(1, async _ =>
        {
            Interlocked.Increment(ref runs);
            await hold.Task;
        });

        var first = pipeline(Request("GET", "/api/people"));
        await WaitUntil(() => Volatile.Read(ref runs) == 1);
        using var gone = new CancellationTokenSource();
        var leaving = Request("GET", "/api/people");
        leaving.RequestAborted = gone.Token;
        var queued = pipeline(leaving);
        await gone.CancelAsync();
        await queued.WaitAsync(s_timeout);

        hold.SetResult();
        await first.WaitAsync(s_timeout);
        Assert.Equal(1, runs);
        // Its place was never taken: the next reader runs at once.
        await pipeline(Request("GET", "/api/people")).WaitAsync(s_timeout);
        Assert.Equal(2, runs);
    }

    [Fact]
    public void RenderGate_DefaultsToOneReadPerCore_AndReadsItsSetting()
    {
        // Two cores (the deployment the budget is measured on): two reads, not four, render at once.
        Assert.Equal(2, RenderGate.DefaultLimit(2));
        Assert.Equal(2, RenderGate.DefaultLimit(1));
        Assert.Equal(8, RenderGate.DefaultLimit(8));
        var none = new ConfigurationBuilder().Build();
        Assert.Equal(RenderGate.DefaultLimit(Environment.ProcessorCount), RenderGate.Limit(none));
        var set = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [RenderGate.LimitKey] = "3" })
            .Build();
        Assert.Equal(3, RenderGate.Limit(set));
    }

    [Fact]
    public async Task Site_WithOneReadAtATime_ServesPagesErrorsAndTheApi()
    {
        // One place: the not-found page, re-executed after its 404, must not wait for the place its own request holds.
        await using var one = app.WithWebHostBuilder(b => b.UseSetting(RenderGate.LimitKey, "1"));
        var client = one.CreateClient();

        var reads = new[] { "/", "/people", "/api/articles?q=بوتين", "/no-such-page", "/api/people" }
            .Select(path => client.GetAsync(new Uri(path, UriKind.Relative)))
            .ToList();
        var answers = await Task.WhenAll(reads).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.OK],
            answers.Select(a => a.StatusCode));
        Assert.Contains("بوتين", await answers[2].Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static RequestDelegate Pipeline(int limit, RequestDelegate endpoint)
    {
        var builder = new ApplicationBuilder(new ServiceCollection().BuildServiceProvider());
        builder.UseRenderGate(limit);
        builder.Run(endpoint);
        return builder.Build();
    }

    private static DefaultHttpContext Request(string method, string path, bool page = false)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;
        if (page)
        {
            http.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new ComponentTypeMetadata(typeof(App))), "page"));
        }

        return http;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
