// Package exercise holds the exercises of the gosnn notebooks and their
// checks, so that one definition of each check serves both the notebook's
// check cell and the "snn grade --exercise" autograder.
//
// A check has two halves. The first, in this package, calls the
// student's code on the exercise's inputs and records what it returned as
// an [Answer] (AnswerStep, AnswerUJumps, AnswerRunaway, AnswerJitters,
// AnswerWindow). The second, package notebooks/exercise/check, compares
// an answer with what the library computes and returns a [Verdict]:
// right, or not yet and why.
// In a notebook both halves run in the cell (notebooks/nb's CheckStep is
// check.Judge("step", AnswerStep(step))). When grading, the first half
// runs with the student's code in the sandbox and writes the answer to a
// file ([Record]); the second runs in the trusted grader, which reads the
// file ([ReadAnswer]) and never runs the student's code. Scripts can import
// this package but not the check, whose reference solutions and verdicts
// would give the answers away. An answer can only pass by holding the
// values the library computes, so a submission that forges the file has
// to solve the exercise to pass.
//
// [Exercises] lists the exercises, each with the file a student fills in
// ([Exercise].Template) for grading.
package exercise
