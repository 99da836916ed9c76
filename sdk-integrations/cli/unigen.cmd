@echo off
rem unigen.cmd: runs the Unigen command line on Windows (docs/cli.md).
rem
rem Finds the runnable jar next to this script (unigen-cli-*.jar, as installed) or in target\
rem beside it (after mvn package in sdk-integrations\cli), and runs it with the java of
rem %JAVA_HOME%, else the java on the PATH. %JAVA_OPTS% is passed to java; %UNIGEN_CLI_JAR%
rem names the jar outright. The exit status is the command's: 0 done, 1 failed, 2 usage error.
rem Paths are only expanded outside parenthesized blocks, so a directory such as
rem "C:\Program Files (x86)" is safe.
setlocal EnableExtensions DisableDelayedExpansion

set "HERE=%~dp0"
set "JAR=%UNIGEN_CLI_JAR%"
if defined JAR goto java

set "DIR=%HERE%"
call :find
if %COUNT% GTR 1 goto several
if defined JAR goto java
set "DIR=%HERE%target\"
call :find
if %COUNT% GTR 1 goto several
if defined JAR goto java
>&2 echo unigen: no unigen-cli jar in "%HERE%" or "%HERE%target"; build it with: mvn -f "%HERE%pom.xml" package
exit /b 1

:several
>&2 echo unigen: several unigen-cli jars in "%DIR%"; keep one, or name it in UNIGEN_CLI_JAR
exit /b 1

:java
set "JAVA=java"
if not defined JAVA_HOME goto path_java
if exist "%JAVA_HOME%\bin\java.exe" set "JAVA=%JAVA_HOME%\bin\java.exe"
if exist "%JAVA_HOME%\bin\java.exe" goto run
:path_java
where java >nul 2>nul
if errorlevel 1 goto no_java
:run
"%JAVA%" %JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%

:no_java
>&2 echo unigen: java not found: install Java 17 or later, or set JAVA_HOME
exit /b 1

rem Sets JAR to a unigen-cli jar in DIR (not -sources, -javadoc or -tests) and COUNT to how many there are.
:find
set "COUNT=0"
for %%J in ("%DIR%unigen-cli-*.jar") do call :consider "%%~fJ"
exit /b 0

:consider
set "NAME=%~n1"
if /i "%NAME:~-8%"=="-sources" exit /b 0
if /i "%NAME:~-8%"=="-javadoc" exit /b 0
if /i "%NAME:~-6%"=="-tests" exit /b 0
set /a COUNT+=1
set "JAR=%~1"
exit /b 0
