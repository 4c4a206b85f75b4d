//! ORDER BY, done after evaluation.
//!
//! Oxigraph sorts a result by evaluating every key of both rows and decoding
//! their terms from the store on each comparison: for a listing of 170 000
//! rows that is more than half the query's time (bench/README.md). When a
//! SELECT orders by plain variables (`ORDER BY ?city DESC(?n)`), the usual
//! case, [`lift`] takes the ORDER BY (and the LIMIT / OFFSET over it) out of
//! the algebra; the engine then streams the rows and [`LiftedOrder::apply`]
//! sorts them, each distinct term keyed and ranked once.
//!
//! The order is SPARQL's (§15.1): unbound < blank nodes < IRIs < literals;
//! numbers by value across their datatypes, strings by code point, date-times
//! in time, and other literals by lexical form, datatype and language (so
//! `xsd:date` without a time zone sorts in time too). Where SPARQL leaves it
//! open (a number against a string) numbers come first, so that the order is
//! total. Anything else (an expression as a key, ORDER BY in a DESCRIBE, a
//! key hidden behind DISTINCT) is left to the engine.

use std::cmp::Ordering;
use std::sync::Arc;

use oxigraph::model::vocab::xsd;
use oxigraph::model::{Term, Variable};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, QuerySolutionIter};
use oxsdatatypes::{DateTime, Decimal, Double};
use rustc_hash::FxHashMap;
use spareval::ExpressionTerm;
use spargebra::algebra::{Expression, GraphPattern, OrderExpression};
use spargebra::Query;

/// The ORDER BY and slice taken out of a query, to apply to its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiftedOrder {
    /// Column of each key in the evaluated rows, and whether it descends.
    keys: Vec<(usize, bool)>,
    /// The query's own columns; key columns it does not project follow them
    /// in the evaluated rows and are dropped after sorting.
    variables: Vec<Variable>,
    start: usize,
    length: Option<usize>,
}

/// Takes a top-level ORDER BY on variables out of a SELECT query. Returns
/// the query unchanged, and no order, when the sort must stay in the engine.
pub fn lift(query: Query) -> (Query, Option<LiftedOrder>) {
    let lifted = match &query {
        Query::Select { pattern, .. } => lift_pattern(pattern),
        _ => None,
    };
    match (query, lifted) {
        (
            Query::Select {
                dataset, base_iri, ..
            },
            Some((pattern, order)),
        ) => (
            Query::Select {
                dataset,
                pattern,
                base_iri,
            },
            Some(order),
        ),
        (query, _) => (query, None),
    }
}

/// Puts DISTINCT or REDUCED back over the projection.
type Rewrap = fn(Box<GraphPattern>) -> GraphPattern;

/// spargebra builds a SELECT as Slice? (Distinct | Reduced)? Project OrderBy.
fn lift_pattern(pattern: &GraphPattern) -> Option<(GraphPattern, LiftedOrder)> {
    let (pattern, start, length) = match pattern {
        GraphPattern::Slice {
            inner,
            start,
            length,
        } => (inner.as_ref(), *start, *length),
        other => (other, 0, None),
    };
    let (pattern, dedup): (_, Option<Rewrap>) = match pattern {
        GraphPattern::Distinct { inner } => (
            inner.as_ref(),
            Some(|inner| GraphPattern::Distinct { inner }),
        ),
        GraphPattern::Reduced { inner } => (
            inner.as_ref(),
            Some(|inner| GraphPattern::Reduced { inner }),
        ),
        other => (other, None),
    };
    let GraphPattern::Project { inner, variables } = pattern else {
        return None;
    };
    let GraphPattern::OrderBy { inner, expression } = inner.as_ref() else {
        return None;
    };
    let mut columns = variables.clone();
    let mut keys = Vec::with_capacity(expression.len());
    for key in expression {
        let (variable, descending) = match key {
            OrderExpression::Asc(Expression::Variable(v)) => (v, false),
            OrderExpression::Desc(Expression::Variable(v)) => (v, true),
            _ => return None,
        };
        let column = match columns.iter().position(|c| c == variable) {
            Some(column) => column,
            // Projecting a hidden key would change what DISTINCT removes.
            None if dedup.is_some() => return None,
            None => {
                columns.push(variable.clone());
                columns.len() - 1
            }
        };
        keys.push((column, descending));
    }
    let project = GraphPattern::Project {
        inner: inner.clone(),
        variables: columns,
    };
    let pattern = match dedup {
        Some(wrap) => wrap(Box::new(project)),
        None => project,
    };
    let order = LiftedOrder {
        keys,
        variables: variables.clone(),
        start,
        length,
    };
    Some((pattern, order))
}

/// The results of a query, sorted by its lifted order if it has one.
pub fn sorted(
    results: Result<QueryResults<'static>, QueryEvaluationError>,
    order: Option<&LiftedOrder>,
) -> Result<QueryResults<'static>, QueryEvaluationError> {
    match order {
        Some(order) => order.apply(results?),
        None => results,
    }
}

impl LiftedOrder {
    /// Sorts the rows of the lifted query, applies its slice and drops the
    /// key columns it did not project.
    pub fn apply(
        &self,
        results: QueryResults<'static>,
    ) -> Result<QueryResults<'static>, QueryEvaluationError> {
        let QueryResults::Solutions(solutions) = results else {
            return Ok(results);
        };
        let mut table = Table::default();
        for solution in solutions {
            table.push(solution?.values());
        }
        Ok(self.page(table))
    }

    /// The table's rows in order, sliced, as solutions of the query's own
    /// columns; each row's terms are cloned only when it is read.
    ///
    /// The rows are held dictionary-encoded: each distinct term once, a row
    /// as the numbers of its terms. The distinct terms are sorted once, and
    /// rows compare by their terms' ranks; a listing of 1.7 million rows
    /// that repeat a few hundred thousand terms then takes tens of
    /// megabytes instead of gigabytes.
    fn page(&self, table: Table) -> QueryResults<'static> {
        let ranks = table.ranks();
        let rank = |row: usize, column: usize| ranks[table.cell(row, column)];
        let mut order: Vec<usize> = (0..table.rows()).collect();
        // Stable: equal rows keep the engine's order.
        order.sort_by(|&a, &b| {
            for &(column, descending) in &self.keys {
                let ordering = rank(a, column).cmp(&rank(b, column));
                if ordering != Ordering::Equal {
                    return if descending {
                        ordering.reverse()
                    } else {
                        ordering
                    };
                }
            }
            Ordering::Equal
        });
        let variables: Arc<[Variable]> = self.variables.clone().into();
        let width = variables.len();
        let rows = order
            .into_iter()
            .skip(self.start)
            .take(self.length.unwrap_or(usize::MAX))
            .map(move |row| {
                Ok((0..width)
                    .map(|column| table.term(table.cell(row, column)))
                    .collect())
            });
        QueryResults::Solutions(QuerySolutionIter::from_tuples(variables, rows))
    }
}

/// Rows of terms, each distinct term stored once. Cell 0 stands for unbound.
#[derive(Default)]
struct Table {
    /// Cells per row: the evaluated query's width, the same for every row.
    columns: usize,
    terms: Vec<Term>,
    numbers: FxHashMap<Term, u32>,
    /// The rows one after another, as term numbers (1-based).
    cells: Vec<u32>,
}

impl Table {
    fn push(&mut self, values: &[Option<Term>]) {
        self.columns = values.len();
        for value in values {
            let cell = match value {
                None => 0,
                Some(term) => match self.numbers.get(term) {
                    Some(&n) => n,
                    None => {
                        self.terms.push(term.clone());
                        let n = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
                        self.numbers.insert(term.clone(), n);
                        n
                    }
                },
            };
            self.cells.push(cell);
        }
    }

    fn rows(&self) -> usize {
        self.cells.len().checked_div(self.columns).unwrap_or(0)
    }

    fn cell(&self, row: usize, column: usize) -> usize {
        self.cells[row * self.columns + column] as usize
    }

    fn term(&self, cell: usize) -> Option<Term> {
        cell.checked_sub(1).and_then(|i| self.terms.get(i)).cloned()
    }

    /// Each cell's rank in SPARQL's order: equal terms (10 and 1.0E1) share
    /// a rank, and unbound (cell 0) comes first.
    fn ranks(&self) -> Vec<u32> {
        let keys: Vec<SortKey<'_>> = self.terms.iter().map(SortKey::of).collect();
        let mut sorted: Vec<usize> = (0..keys.len()).collect();
        sorted.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        let mut ranks = vec![0; keys.len() + 1];
        let mut rank = 0;
        for (i, &term) in sorted.iter().enumerate() {
            if i == 0 || keys[sorted[i - 1]] != keys[term] {
                rank += 1;
            }
            ranks[term + 1] = rank;
        }
        ranks
    }
}

/// PartialOrd, PartialEq and Eq from a type's `Ord::cmp`.
macro_rules! order_by_cmp {
    ($($t:ty),+) => {$(
        impl PartialOrd for $t {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }

        impl PartialEq for $t {
            fn eq(&self, other: &Self) -> bool {
                self.cmp(other) == Ordering::Equal
            }
        }

        impl Eq for $t {}
    )+};
}

order_by_cmp!(Number, Moment);

/// A bound term seen for sorting, in SPARQL's order of kinds (unbound, which
/// comes first, is the table's cell 0); strings are borrowed from the term,
/// numbers and date-times parsed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey<'a> {
    Blank(&'a str),
    Iri(&'a str),
    Number(Number),
    DateTime(Moment),
    Lexical(Lexical<'a>),
    /// A quoted triple (RDF 1.2), after every literal as for the engine.
    Other(String),
}

/// The lexical form, datatype and language of a literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Lexical<'a>(&'a str, &'a str, &'a str);

impl<'a> SortKey<'a> {
    fn of(term: &'a Term) -> SortKey<'a> {
        let literal = match term {
            Term::BlankNode(b) => return SortKey::Blank(b.as_str()),
            Term::NamedNode(n) => return SortKey::Iri(n.as_str()),
            Term::Literal(l) => l,
            #[allow(unreachable_patterns)]
            other => return SortKey::Other(other.to_string()),
        };
        let lexical = Lexical(
            literal.value(),
            literal.datatype().as_str(),
            literal.language().unwrap_or_default(),
        );
        if literal.datatype() == xsd::STRING || literal.language().is_some() {
            // Strings, the usual key, need no parsing.
            return SortKey::Lexical(lexical);
        }
        match ExpressionTerm::from(Term::Literal(literal.clone())) {
            ExpressionTerm::IntegerLiteral(i) => SortKey::Number(Number::Exact(Decimal::from(i))),
            ExpressionTerm::DecimalLiteral(d) => SortKey::Number(Number::Exact(d)),
            ExpressionTerm::FloatLiteral(f) => SortKey::Number(Number::Approximate(f.into())),
            ExpressionTerm::DoubleLiteral(d) => SortKey::Number(Number::Approximate(d)),
            ExpressionTerm::DateTimeLiteral(t) => SortKey::DateTime(Moment(t)),
            _ => SortKey::Lexical(lexical),
        }
    }
}

/// A number: xsd:integer and xsd:decimal compared exactly, against a float
/// or a double as a double; NaN last. Equal values are equal, as for the
/// engine: `10` and `1.0E1` fall to the next key.
#[derive(Debug, Clone, Copy)]
enum Number {
    Exact(Decimal),
    Approximate(Double),
}

impl Number {
    fn as_double(self) -> Double {
        match self {
            Number::Exact(d) => d.into(),
            Number::Approximate(d) => d,
        }
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Number) -> Ordering {
        match (self, other) {
            (Number::Exact(a), Number::Exact(b)) => a.cmp(b),
            _ => {
                let (a, b) = (self.as_double(), other.as_double());
                match (a.is_nan(), b.is_nan()) {
                    (true, true) => Ordering::Equal,
                    (true, false) => Ordering::Greater,
                    (false, true) => Ordering::Less,
                    (false, false) => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
                }
            }
        }
    }
}

/// An xsd:dateTime, in time when both or neither have a time zone; those
/// without one come first, as their order against the others is undefined.
#[derive(Debug, Clone, Copy)]
struct Moment(DateTime);

impl Ord for Moment {
    fn cmp(&self, other: &Moment) -> Ordering {
        let zoned = |t: DateTime| t.timezone_offset().is_some();
        let (a, b) = (self.0, other.0);
        zoned(a)
            .cmp(&zoned(b))
            .then_with(|| a.partial_cmp(&b).unwrap_or(Ordering::Equal))
    }
}

#[cfg(test)]
mod tests;
