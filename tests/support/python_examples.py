"""
Checks Python programs against the Python SDK they import (pulumi_paperspace, found on sys.path), without running
them: each compiles and uses no name it has not defined; every `paperspace.<name>` it uses exists; a resource is given only the keywords of its Args, and
every one of them without a default; a function only the keywords it takes; and every attribute and index read from
what they answer (`ubuntu.templates[0].id`) exists on the type the SDK declares. Also checks that names (the docs'
tables' Python column) are where the SDK should have them.

Reads a JSON object from stdin, {"programs": {<name>: <code>}, "names": [{"kind", "of", "name"}]}, writes one line
per problem, "<name>: <problem>", and exits with 1 when there is one.
"""

import ast
import collections.abc
import importlib
import inspect
import json
import sys
import typing

import pulumi

SDK = "pulumi_paperspace"
sdk = importlib.import_module(SDK)
outputs = importlib.import_module(f"{SDK}.outputs")


class Problem(Exception):
    pass


def resolve(annotation, scope):
    """An annotation as a type: the SDK writes some as strings (`'outputs.OsTemplate'`)."""
    if isinstance(annotation, str):
        return eval(annotation, scope)
    if isinstance(annotation, typing.ForwardRef):
        return eval(annotation.__forward_arg__, scope)
    return annotation


def unwrapped(annotation, scope):
    """The type an output or an optional value holds."""
    kind = resolve(annotation, scope)
    while True:
        origin = typing.get_origin(kind)
        if origin is pulumi.Output:
            kind = resolve(typing.get_args(kind)[0], scope)
        elif origin is typing.Union:
            kind = resolve(next(arg for arg in typing.get_args(kind) if arg is not type(None)), scope)
        else:
            return kind


def attribute(kind, name):
    """The type of an attribute of an SDK type (a resource, an answer, an output type)."""
    if isinstance(kind, type) and issubclass(kind, pulumi.CustomResource) and name in ("id", "urn"):
        return str
    found = inspect.getattr_static(kind, name, None) if isinstance(kind, type) else None
    if not isinstance(found, property):
        raise Problem(f"{getattr(kind, '__name__', kind)} has no attribute {name}")
    return unwrapped(found.fget.__annotations__["return"], found.fget.__globals__)


def item(kind):
    """The type of an item of a list the SDK answers."""
    if typing.get_origin(kind) not in (list, collections.abc.Sequence):
        raise Problem(f"{kind} is not a list")
    return unwrapped(typing.get_args(kind)[0], vars(outputs))


def keywords(function, skip):
    parameters = inspect.signature(function).parameters.values()
    return {p.name: p for p in parameters if p.name not in skip and p.kind is not p.VAR_KEYWORD}


def call(node):
    """The type of what a call of the SDK answers, after checking its keywords."""
    name = node.func.attr
    target = getattr(sdk, name, None)
    if target is None:
        raise Problem(f"{SDK} has no {name}")
    given = {keyword.arg for keyword in node.keywords}
    if inspect.isclass(target):
        taken = keywords(getattr(sdk, f"{name}Args").__init__, {"__self__", "self"})
        answer = target
    else:
        taken = keywords(target, {"opts"})
        answer = unwrapped(inspect.signature(target).return_annotation, vars(sdk))
    unknown = given - set(taken)
    if unknown:
        raise Problem(f"{name} takes no {', '.join(sorted(unknown))}")
    missing = {key for key, p in taken.items() if p.default is p.empty} - given
    if missing:
        raise Problem(f"{name} is not given {', '.join(sorted(missing))}")
    return answer


def reference(node, bound):
    """The type of `variable.attribute[0]...`; None for what is not read from a variable of the program."""
    steps = []
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        steps.append(node)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in bound:
        return None
    kind = bound[node.id]
    for step in reversed(steps):
        kind = attribute(kind, step.attr) if isinstance(step, ast.Attribute) else item(kind)
    return kind


def check_program(code, name):
    compile(code, name, "exec")
    tree = ast.parse(code)
    alias = next(
        (a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names if a.name == SDK),
        None,
    )
    if alias is None:
        raise Problem(f"it does not import {SDK}")
    defined = set(dir(__builtins__)) | {
        a.asname or a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    bound = {}
    for statement in tree.body:
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in defined:
                raise Problem(f"{node.id} is not defined")
        defined.update(t.id for t in getattr(statement, "targets", []) if isinstance(t, ast.Name))
        for node in ast.walk(statement):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == alias:
                if not hasattr(sdk, node.attr):
                    raise Problem(f"{SDK} has no {node.attr}")
            elif isinstance(node, (ast.Attribute, ast.Subscript)):
                reference(node, bound)
        value = getattr(statement, "value", None)
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
            is_sdk = isinstance(value.func.value, ast.Name) and value.func.value.id == alias
            answer = call(value) if is_sdk else None
            if isinstance(statement, ast.Assign) and answer is not None:
                bound[statement.targets[0].id] = answer


def check_name(kind, of, name):
    if kind == "resource-input":
        taken = keywords(getattr(sdk, f"{of}Args").__init__, {"__self__", "self"})
        if name not in taken:
            raise Problem(f"{of}Args takes no {name}")
    elif kind == "resource-output":
        attribute(getattr(sdk, of), name)
    elif kind == "function":
        for form in (name, f"{name}_output"):
            if not hasattr(sdk, form):
                raise Problem(f"{SDK} has no {form}")
    elif kind == "function-arg":
        if name not in keywords(getattr(sdk, f"{of}_output"), {"opts"}):
            raise Problem(f"{of}_output takes no {name}")
    elif kind == "function-result":
        answer = inspect.signature(getattr(sdk, f"{of}_output")).return_annotation
        attribute(unwrapped(answer, vars(sdk)), name)
    elif kind == "type":
        attribute(getattr(outputs, of), name)
    else:
        raise Problem(f"no such kind of name: {kind}")


def main():
    given = json.load(sys.stdin)
    problems = []
    for name, code in given["programs"].items():
        try:
            check_program(code, name)
        except (Problem, SyntaxError) as problem:
            problems.append(f"{name}: {problem}")
    for entry in given["names"]:
        try:
            check_name(entry["kind"], entry["of"], entry["name"])
        except Problem as problem:
            problems.append(f"names: {problem}")
    for problem in problems:
        print(problem)
    sys.exit(1 if problems else 0)


main()
