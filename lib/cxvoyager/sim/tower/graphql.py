"""CloudTower's GraphQL endpoint: operations routed by name, responses shaped by the query.

Each supported operation registers a handler with ``@graphql_operation``;
the endpoint picks it by ``operationName``, checks the variables against the
handler's shape, runs it and then keeps, from what the handler returned,
exactly the fields the query selects (aliases, fragments and ``__typename``
included), as a GraphQL server does. A client that selects a field the
real schema lacks therefore gets ``null`` here, not a silently invented value.
graphql-core parses the query text; there is no schema, so type errors in the
query itself are not detected.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
    value_from_ast_untyped,
)

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower.errors import TowerError
from cxvoyager.sim.tower.schema import Obj, Shape, validate

# Access levels of an operation: public (first boot, login) or a logged-in
# user, identified by token or ``connect.sid`` cookie.
PUBLIC = "public"
USER = "user"


@dataclass
class Reply:
    """A handler's result: root field values by name, plus response side effects."""

    data: dict[str, Any]
    task_id: str | None = None
    cookie: str | None = None


@dataclass
class Operation:
    """A registered GraphQL operation."""

    name: str
    handler: Callable[..., Reply]
    variables: Shape
    access: str = USER
    public_when: Callable[[SimContext], bool] | None = field(default=None)


_operations: dict[str, Operation] = {}


def graphql_operation(
    name: str,
    *,
    variables: Shape | None = None,
    access: str = USER,
    public_when: Callable[[SimContext], bool] | None = None,
) -> Callable[[Callable[..., Reply]], Callable[..., Reply]]:
    """Register ``fn(ctx, user, variables, arguments)`` as the handler of operation ``name``.

    ``arguments`` maps each root field name to its arguments (literals and
    variables resolved). ``public_when`` lets an operation run without login
    while the predicate is true (``createOrganization`` before any exists).
    """

    def register(fn: Callable[..., Reply]) -> Callable[..., Reply]:
        _operations[name] = Operation(name, fn, variables or Obj(), access, public_when)
        return fn

    return register


def find_operation(name: str) -> Operation | None:
    """Return the registered operation ``name``, or None."""
    return _operations.get(name)


@dataclass
class ParsedRequest:
    """A GraphQL request after parsing: the operation node and its fragments."""

    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]

    def root_fields(self) -> list[FieldNode]:
        """Return the operation's root field selections."""
        return self._fields(self.operation.selection_set)

    def _fields(self, selection_set: SelectionSetNode | None) -> list[FieldNode]:
        fields: list[FieldNode] = []
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                fields.append(selection)
            elif isinstance(selection, InlineFragmentNode):
                fields += self._fields(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                fields += self._fields(fragment.selection_set if fragment else None)
        return fields

    def arguments(self, variables: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """Return each root field's arguments with variables substituted."""
        return {
            node.name.value: {
                argument.name.value: value_from_ast_untyped(argument.value, variables)
                for argument in node.arguments
            }
            for node in self.root_fields()
        }

    def project(self, data: dict[str, Any]) -> dict[str, Any]:
        """Keep from the handler's root values only what the query selects."""
        return {
            (node.alias or node.name).value: self._project(
                data.get(node.name.value), node.selection_set
            )
            for node in self.root_fields()
        }

    def _project(self, value: Any, selection_set: SelectionSetNode | None) -> Any:
        if selection_set is None or value is None:
            return value
        if isinstance(value, list):
            return [self._project(item, selection_set) for item in value]
        if not isinstance(value, dict):
            return value
        return {
            (node.alias or node.name).value: self._project(
                value.get(node.name.value), node.selection_set
            )
            for node in self._fields(selection_set)
        }


def parse_request(query: str, operation_name: str | None) -> ParsedRequest:
    """Parse ``query`` and pick the operation named ``operation_name``.

    Raises:
        TowerError: 400 when the text does not parse or has no such operation.
    """
    try:
        document: DocumentNode = parse(query)
    except GraphQLError as error:
        raise TowerError(400, "sim.tower.graphql.syntax", detail=error.message) from error
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    for definition in operations:
        if operation_name is None and len(operations) == 1:
            return ParsedRequest(definition, fragments)
        if definition.name is not None and definition.name.value == operation_name:
            return ParsedRequest(definition, fragments)
    raise TowerError(400, "sim.tower.graphql.unknown_operation", name=operation_name)


def check_variables(operation: Operation, variables: Any) -> dict[str, Any]:
    """Check the request's variables against the operation's shape and return them.

    Raises:
        TowerError: 400 naming the first bad variable.
    """
    validate(operation.variables, variables if variables is not None else {}, path="variables")
    return dict(variables or {})
