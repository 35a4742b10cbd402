using NetKAN.Bus.Services.Cli;

return await NetkanCli.Create().Parse(args).InvokeAsync();
