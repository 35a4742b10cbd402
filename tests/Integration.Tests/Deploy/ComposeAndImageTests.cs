using System.Text.RegularExpressions;
using NetKAN.Bus.Services.Demo;
using NetKAN.Bus.Services.Hosting;
using NetKAN.Bus.Services.Roles;
using YamlDotNet.RepresentationModel;

namespace NetKAN.Bus.Integration.Tests.Deploy;

public sealed class ComposeAndImageTests
{
    [Fact]
    public void Every_netkan_service_uses_the_one_image_and_runs_a_known_role()
    {
        var services = DeployFiles.Yaml("docker-compose.yml").Child("services").Entries()
            .ToDictionary(x => x.Key, x => DeployFiles.Merged(x.Value));
        var netkan = services.Where(x => x.Value.TryGetValue("image", out var image) && image.Scalar() == "netkan-bus:local").ToList();
        // Roles in the catalog, plus the ones the demo lists that other branches are still adding.
        var known = RoleCatalog.All.Select(x => x.Name).Concat(DemoRunner.Roles).ToHashSet();

        Assert.True(netkan.Count >= 7, $"expected a service per role, found {netkan.Count}");
        foreach (var (name, service) in netkan)
        {
            Assert.Equal("netkan-bus:local", service["image"].Scalar());
            Assert.Equal("deploy/Dockerfile", service["build"].Child("dockerfile").Scalar());
            Assert.Equal(".", service["build"].Child("context").Scalar());
            var command = ((YamlSequenceNode)service["command"]).Children.Select(x => x.Scalar()!).ToList();
            Assert.Equal("run", command[0]);
            var roles = command[command.IndexOf("--roles") + 1].Split(',');
            Assert.All(roles, role => Assert.Contains(role, known));
            Assert.Equal(name, Assert.Single(roles));
            Assert.Equal("sqs", command[command.IndexOf("--transport") + 1]);
            Assert.Equal("dynamodb", command[command.IndexOf("--store") + 1]);
        }
        Assert.Contains("status-dumper", netkan.Select(x => x.Key));
        Assert.Contains("fauxqs", services.Keys);
        Assert.Contains("dynamodb", services.Keys);
        Assert.Contains("webhooks-proxy", services.Keys);
        Assert.Contains("certbot", services.Keys);
        Assert.Contains("dns-route53", services["certbot"]["image"].Scalar());
    }

    [Fact]
    public void Roles_keep_their_own_data_folders_and_ports_are_published_on_loopback_only()
    {
        var services = DeployFiles.Yaml("docker-compose.yml").Child("services").Entries()
            .ToDictionary(x => x.Key, x => DeployFiles.Merged(x.Value));
        var dataDirs = services.Where(x => x.Value.ContainsKey("command") && x.Value["command"] is YamlSequenceNode)
            .Select(x => ((YamlSequenceNode)x.Value["command"]).Children.Select(c => c.Scalar()!).ToList())
            .Where(c => c.Contains("--data-dir"))
            .Select(c => c[c.IndexOf("--data-dir") + 1]).ToList();
        // Two processes cloning into one working copy corrupt it: every role has a folder of its own.
        Assert.Equal(dataDirs.Count, dataDirs.Distinct().Count());
        Assert.All(dataDirs, dir => Assert.StartsWith("/data/", dir));

        var published = services.Values.Concat(LocalOverlayServices())
            .Where(x => x.ContainsKey("ports"))
            .SelectMany(x => ((YamlSequenceNode)x["ports"]).Children.Select(p => p.Scalar()!)).ToList();
        Assert.NotEmpty(published);
        Assert.All(published, port => Assert.StartsWith("127.0.0.1:", port));
    }

    [Fact]
    public void The_stand_ins_are_built_from_the_pinned_packages_and_every_served_port_has_a_health_check()
    {
        var services = DeployFiles.Yaml("docker-compose.yml").Child("services").Entries()
            .ToDictionary(x => x.Key, x => DeployFiles.Merged(x.Value));
        foreach (var (name, target) in new[] { ("fauxqs", "fauxqs"), ("dynamodb", "dynamodb") })
        {
            Assert.Equal("tools/emulators", services[name]["build"].Child("context").Scalar());
            Assert.Equal(target, services[name]["build"].Child("target").Scalar());
        }
        Assert.Matches(@"(?m)^FROM node:20-bookworm-slim AS fauxqs$", DeployFiles.Text("tools", "emulators", "Dockerfile"));
        Assert.Matches(@"(?m)^RUN npm ci ", DeployFiles.Text("tools", "emulators", "Dockerfile"));
        foreach (var name in new[] { "fauxqs", "dynamodb", "webhooks", "dashboard", "webhooks-proxy" })
        {
            Assert.True(services[name].ContainsKey("healthcheck"), $"{name} has no health check");
        }
        Assert.Equal("service_healthy", services["scheduler"]["depends_on"].Child("dynamodb").Child("condition").Scalar());
        Assert.Equal("service_healthy", services["webhooks-proxy"]["depends_on"].Child("webhooks").Child("condition").Scalar());
        Assert.Matches(@"location = /healthz", DeployFiles.Text("deploy", "nginx", "netkan.conf"));
    }

    private static IEnumerable<Dictionary<string, YamlNode>> LocalOverlayServices() =>
        DeployFiles.Yaml("tools", "containers", "compose.local.yml").Child("services").Entries()
            .Select(x => DeployFiles.Merged(x.Value));

    [Fact]
    public void The_proxy_rewrites_every_legacy_url_to_ksp_keeping_the_query_and_guards_unsigned_routes()
    {
        var config = DeployFiles.Text("deploy", "nginx", "netkan.conf");
        foreach (var route in new[] { "inflate", "sd/inflate", "sd/add", "gh/inflate", "gh/release", "gh/mirror" })
        {
            var rewrite = Regex.Match(config, $@"rewrite\s+\^/{Regex.Escape(route)}\$\s+(?<target>\S+)\s+last;");
            Assert.True(rewrite.Success, $"no rewrite for /{route}");
            // A target ending in '?' would drop the query string (e.g. ?identifier=… on /gh/release).
            Assert.Equal($"/{route}/ksp", rewrite.Groups["target"].Value);
        }
        Assert.Matches(@"return 308 https://\$host\$request_uri;", config);
        Assert.Matches(@"ssl_certificate\s+/etc/letsencrypt/live/", config);
        var guarded = Regex.Match(config, @"location ~ \^/\(inflate\|sd\)/ \{(?<body>[^}]*)\}");
        Assert.True(guarded.Success, "no allow-list location for /inflate and /sd");
        Assert.Contains("include /etc/nginx/netkan/allow-list.conf;", guarded.Groups["body"].Value);
        Assert.Contains("deny all;", guarded.Groups["body"].Value);
        Assert.Matches(@"(?m)^allow ", DeployFiles.Text("deploy", "nginx", "allow-list.conf"));
    }

    [Fact]
    public void The_image_builds_every_project_and_runs_netkan_as_a_non_root_user()
    {
        var dockerfile = DeployFiles.Text("deploy", "Dockerfile");
        Assert.Matches(@"(?m)^FROM mcr\.microsoft\.com/dotnet/sdk:10\.0 AS build$", dockerfile);
        Assert.Matches(@"(?m)^FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0 AS runtime$", dockerfile);
        Assert.Matches(@"(?m)^USER \$APP_UID$", dockerfile);
        Assert.Matches(@"(?m)^ENTRYPOINT \[""dotnet"", ""/app/netkan\.dll""\]$", dockerfile);
        // The restore layer copies project files one by one: a new project under src/ must be listed there too.
        foreach (var project in Directory.GetFiles(DeployFiles.Path("src"), "*.csproj", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(DeployFiles.Path(), project).Replace('\\', '/');
            Assert.Contains($"COPY {relative} ", dockerfile);
        }
    }
}
