# BreakoutBot portal: published in an SDK image, run as a non-root user in the ASP.NET runtime image.
#   docker build -t breakoutbot .            (on an ARM host: --build-arg RID=linux-arm64)
#   docker run -p 8080:8080 -v breakoutbot-data:/data -e Admin__Email=you@example.com -e Admin__Password='...' breakoutbot
# See README, "Production deployment", for AllowedHosts, TLS and proxy settings.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# npm restores the portal's chart library (lightweight-charts) during the build.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
# Project files first, so the restore layer is reused while only sources change.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY BreakoutBot.Domain/BreakoutBot.Domain.csproj BreakoutBot.Domain/
COPY BreakoutBot.Infrastructure/BreakoutBot.Infrastructure.csproj BreakoutBot.Infrastructure/
COPY BreakoutBot.Web/BreakoutBot.Web.csproj BreakoutBot.Web/
# For one runtime, so the publish below precompiles the assemblies (ReadyToRun; README, "Production deployment").
ARG RID=linux-x64
RUN dotnet restore BreakoutBot.Web/BreakoutBot.Web.csproj -r $RID
COPY BreakoutBot.Domain/ BreakoutBot.Domain/
COPY BreakoutBot.Infrastructure/ BreakoutBot.Infrastructure/
COPY BreakoutBot.Web/ BreakoutBot.Web/
COPY Migrations/ Migrations/
COPY wwwroot/ wwwroot/
RUN dotnet publish BreakoutBot.Web/BreakoutBot.Web.csproj -c Release -r $RID --self-contained false -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The database, exports, market data and the Data Protection keys (which decrypt stored OKX keys) all live in /data.
RUN mkdir -p /data && chown "$APP_UID" /data
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    Database__DataFolder=/data
VOLUME ["/data"]
EXPOSE 8080
# The image's unprivileged "app" user (APP_UID); it can write /data and nothing under /app.
USER $APP_UID
ENTRYPOINT ["dotnet", "BreakoutBot.Web.dll"]
