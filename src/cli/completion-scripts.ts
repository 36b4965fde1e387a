import type { CommandSpec, CompletionSpec, OptionSpec, ValueKind } from "./completion-spec.js";

// The completion scripts of bash, zsh and fish, written from a CompletionSpec. Each finds the command
// being typed the same way: the first word that is not an option, then (after a command that has
// subcommands, such as `pricing`) the next one; no option before a command takes a value.

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

export const completionScript = (shell: Shell, spec: CompletionSpec, version: string): string =>
  ({ bash: bashScript, zsh: zshScript, fish: fishScript })[shell](spec, version);

const header = (shell: Shell, version: string) =>
  `# ${shell} completion for llmcost ${version}, written by \`llmcost completion ${shell}\` from its options.\n` +
  "# Model ids are those on sale when it was written: run it again after updating llmcost.\n";

/** Paths of the commands that have subcommands: after one of them, the next word is a subcommand. */
const groups = (spec: CompletionSpec) =>
  spec.commands.filter((command) => command.subcommands.length > 0).map((command) => command.path);

const flagsOf = (option: OptionSpec) => [option.short, option.long].filter((flag) => flag !== undefined);
const allFlags = (command: CommandSpec) => command.options.flatMap(flagsOf);

/** Text in single quotes for sh-like shells (bash, zsh). */
const quoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

// --- bash ----------------------------------------------------------------------------------------

function bashScript(spec: CompletionSpec, version: string): string {
  const branches = spec.commands.map((command) => {
    const values = command.options
      .filter((option) => option.value)
      .map(
        (option) =>
          `        ${flagsOf(option).join("|")}) ${bashValue(option.value as ValueKind)}; return ;;`,
      );
    const operands =
      command.subcommands.length > 0
        ? `_llmcost_words ${quoted(command.subcommands.map((sub) => sub.name).join(" "))}`
        : command.operands
          ? bashValue(command.operands)
          : "COMPREPLY=()";
    return [
      `    ${quoted(command.path)})`,
      ...(values.length > 0 ? ['      case "$prev" in', ...values, "      esac"] : []),
      `      if [[ $cur == -* ]]; then _llmcost_words ${quoted(allFlags(command).join(" "))}; else ${operands}; fi`,
      "      ;;",
    ].join("\n");
  });
  return `${header("bash", version)}# Install: llmcost completion bash > ~/.local/share/bash-completion/completions/llmcost

_llmcost_models=${quoted(spec.models.join(" "))}
_llmcost_providers=${quoted(spec.providers.join(" "))}

# Words that complete the current one (or, after a comma, its last item: -m a,b).
_llmcost_words() {
  local IFS=$' \\t\\n' head="" item="$cur"
  if [[ $2 == list && $cur == *,* ]]; then head="\${cur%,*},"; item="\${cur##*,}"; fi
  COMPREPLY=($(compgen -P "$head" -W "$1" -- "$item"))
}
_llmcost_files() {
  local IFS=$'\\n'
  compopt -o filenames 2>/dev/null
  COMPREPLY=($(compgen -f -- "$cur"))
}

_llmcost() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" path="" word i
  # --flag=value: bash splits the word at "=".
  if [[ $cur == "=" ]]; then cur=""; elif [[ $prev == "=" ]]; then prev="\${COMP_WORDS[COMP_CWORD-2]}"; fi
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$word" in -* | "=") continue ;; esac
    case "$path" in
      ${groups(spec).map(quoted).join(" | ")}) path="\${path:+$path }$word" ;;
    esac
  done
  case "$path" in
${branches.join("\n")}
    *) COMPREPLY=() ;;
  esac
}
complete -F _llmcost llmcost
`;
}

function bashValue(value: ValueKind): string {
  switch (value.kind) {
    case "choices":
      return `_llmcost_words ${quoted(value.choices.join(" "))}`;
    case "models":
      return '_llmcost_words "$_llmcost_models" list';
    case "providers":
      return '_llmcost_words "$_llmcost_providers" list';
    case "files":
      return "_llmcost_files";
    case "revisions":
      return `_llmcost_words "HEAD $(git for-each-ref --format='%(refname:short)' 2>/dev/null)"`;
    case "text":
      return "COMPREPLY=()";
  }
}

// --- zsh -----------------------------------------------------------------------------------------

/** An entry of _describe: `name:description`, a colon in the name escaped. */
const described = (name: string, description: string) =>
  quoted(`${name.replace(/:/g, "\\:")}:${description}`);

function zshScript(spec: CompletionSpec, version: string): string {
  const branches = spec.commands.map((command) => {
    const values = command.options
      .filter((option) => option.value)
      .map(
        (option) => `        ${flagsOf(option).join("|")}) ${zshValue(option.value as ValueKind)}; return ;;`,
      );
    const options = command.options.flatMap((option) =>
      flagsOf(option).map((flag) => described(flag, option.description)),
    );
    const subcommands = command.subcommands.map((sub) => described(sub.name, sub.description));
    const operands =
      command.subcommands.length > 0
        ? "_describe -t commands command subs"
        : command.operands
          ? zshValue(command.operands)
          : "return 1";
    return [
      `    ${quoted(command.path)})`,
      ...(values.length > 0 ? ['      case "$prev" in', ...values, "      esac"] : []),
      `      local -a opts=(${options.join(" ")})`,
      ...(subcommands.length > 0 ? [`      local -a subs=(${subcommands.join(" ")})`] : []),
      `      if [[ $cur == -* ]]; then _describe -t options option opts; else ${operands}; fi`,
      "      ;;",
    ].join("\n");
  });
  return `#compdef llmcost
${header("zsh", version)}# Install: llmcost completion zsh > "\${fpath[1]}/_llmcost" (or any directory in $fpath), then restart zsh.

_llmcost_models=(${spec.models.join(" ")})
_llmcost_providers=(${spec.providers.join(" ")})

_llmcost() {
  local cur="\${words[CURRENT]}" prev="\${words[CURRENT-1]}" cmd_path="" word
  for word in "\${(@)words[2,CURRENT-1]}"; do
    [[ $word == -* ]] && continue
    case "$cmd_path" in
      ${groups(spec).map(quoted).join(" | ")}) cmd_path="\${cmd_path:+$cmd_path }$word" ;;
    esac
  done
  # --flag=value, completed as the value of --flag.
  if [[ $cur == --*=* ]]; then prev="\${cur%%=*}"; cur="\${cur#*=}"; compset -P '*='; fi
  case "$cmd_path" in
${branches.join("\n")}
    *) return 1 ;;
  esac
}

if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _llmcost "$@"
else
  compdef _llmcost llmcost
fi
`;
}

function zshValue(value: ValueKind): string {
  switch (value.kind) {
    case "choices":
      return `compadd -- ${value.choices.map(quoted).join(" ")}`;
    case "models":
      return "compset -P '*,'; compadd -a _llmcost_models";
    case "providers":
      return "compset -P '*,'; compadd -a _llmcost_providers";
    case "files":
      return "_files";
    case "revisions":
      return `compadd -- HEAD \${(f)"$(git for-each-ref --format='%(refname:short)' 2>/dev/null)"}`;
    case "text":
      return "_message value";
  }
}

// --- fish ----------------------------------------------------------------------------------------

/** Text in single quotes for fish (where \\ and \\' are escapes). */
const fishQuoted = (text: string) => `'${text.replace(/[\\']/g, "\\$&")}'`;

function fishScript(spec: CompletionSpec, version: string): string {
  const lines = spec.commands.flatMap((command) => {
    const at = `-n ${fishQuoted(`__llmcost_at ${fishQuoted(command.path)}`)}`;
    const subcommands = command.subcommands.map(
      (sub) => `complete -c llmcost ${at} -a ${fishQuoted(sub.name)} -d ${fishQuoted(sub.description)}`,
    );
    const options = command.options.map((option) =>
      [
        `complete -c llmcost ${at}`,
        ...(option.short ? [`-s ${option.short.slice(1)}`] : []),
        ...(option.long ? [`-l ${option.long.slice(2)}`] : []),
        ...(option.value ? [fishValue(option.value)] : []),
        `-d ${fishQuoted(option.description)}`,
      ].join(" "),
    );
    const operands =
      command.subcommands.length === 0 && command.operands
        ? [`complete -c llmcost ${at} ${fishOperand(command.operands)}`]
        : [];
    return [`# llmcost ${command.path}`.trimEnd(), ...subcommands, ...options, ...operands, ""];
  });
  return `${header("fish", version)}# Install: llmcost completion fish > ~/.config/fish/completions/llmcost.fish

# The command being typed: "" (none yet), "estimate", "pricing import".
function __llmcost_path
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l found
    for word in $tokens
        string match -q -- '-*' $word; and continue
        switch "$found"
            case '' ${groups(spec)
              .filter((path) => path !== "")
              .map(fishQuoted)
              .join(" ")}
                set found (string join ' ' -- $found $word)
        end
    end
    echo "$found"
end

function __llmcost_at
    test (__llmcost_path) = "$argv[1]"
end

function __llmcost_models
    printf '%s\\n' ${spec.models.join(" ")}
end

function __llmcost_providers
    printf '%s\\n' ${spec.providers.join(" ")}
end

function __llmcost_revisions
    echo HEAD
    git for-each-ref --format='%(refname:short)' 2>/dev/null
end

# Files only where a path is expected.
complete -c llmcost -f

${lines.join("\n")}`;
}

/** An operand: as an option's value, without requiring one (-r) or barring files (-x, -f). */
const fishOperand = (value: ValueKind) =>
  value.kind === "files" ? "-F" : fishValue(value).replace(/^-x ?/, "");

function fishValue(value: ValueKind): string {
  switch (value.kind) {
    case "choices":
      return `-x -a ${fishQuoted(value.choices.join(" "))}`;
    case "models":
      return "-x -a '(__fish_complete_list , __llmcost_models)'";
    case "providers":
      return "-x -a '(__fish_complete_list , __llmcost_providers)'";
    case "files":
      return "-r -F";
    case "revisions":
      return "-x -a '(__llmcost_revisions)'";
    case "text":
      return "-x";
  }
}
