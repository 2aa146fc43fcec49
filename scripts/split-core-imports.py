#!/usr/bin/env python3
"""Rewrites `import { ... } from '@ebonite/core'` across the workspace into the two entries:
plugin packages take what the kit has from '@ebonite/core/plugin' and only user API from the root;
other packages take the root first and the rest from the kit. Usage: split-core-imports.py ROOT.txt PLUGIN.txt"""
import glob, re, sys

root = set(open(sys.argv[1]).read().split())
kit = set(open(sys.argv[2]).read().split())
PLUGINS = ('meta-local', 'meta-sql', 'artifact-fs', 'artifact-memory', 'artifact-s3', 'model-onnx',
           'model-tfjs', 'remote', 'test-suite')
files = [f for pat in ('packages/*/src/**/*.ts', 'packages/*/test/**/*.ts', 'packages/*/test/**/*.mjs',
                       'packages/test-utils/*.mjs', 'examples/**/*.ts', 'examples/**/*.mjs', 'bench/**/*.mjs')
         for f in glob.glob(pat, recursive=True)
         if '/core/' not in f and 'node_modules' not in f and '/dist/' not in f]
IMPORT = re.compile(r"^import(\s+type)?\s*\{([^}]*)\}\s*from\s*'@ebonite/core(/plugin)?';", re.M)
for path in files:
    text = open(path).read()
    is_plugin = any(f'/{p}/' in path for p in PLUGINS) or path.startswith('examples/plugin/')
    names = []  # (spec, name, type_only)
    def collect(m):
        whole_type = bool(m.group(1))
        for spec in m.group(2).split(','):
            spec = spec.strip()
            if not spec: continue
            type_only = whole_type or spec.startswith('type ')
            name = spec.replace('type ', '', 1).split(' as ')[0].strip()
            names.append((spec.replace('type ', '', 1), name, type_only))
        return '\0'
    new = IMPORT.sub(collect, text)
    if not names: continue
    to_root, to_kit = [], []
    for spec, name, type_only in names:
        entry = ('type ' if type_only else '') + spec
        if is_plugin: (to_kit if name in kit else to_root).append(entry)
        else: (to_root if name in root else to_kit).append(entry)
    def line(entries, source):
        entries = sorted(set(entries), key=lambda e: e.replace('type ', '').lower())
        if all(e.startswith('type ') for e in entries):
            return f"import type {{ {', '.join(e[5:] for e in entries)} }} from '{source}';"
        return f"import {{ {', '.join(entries)} }} from '{source}';"
    block = '\n'.join(l for l in [line(to_root, '@ebonite/core') if to_root else '',
                                  line(to_kit, '@ebonite/core/plugin') if to_kit else ''] if l)
    first = new.index('\0')
    new = new[:first] + block + new[first + 1:]
    new = re.sub(r'\0\n?', '', new)
    if new != text:
        open(path, 'w').write(new)
        print('rewrote', path)
