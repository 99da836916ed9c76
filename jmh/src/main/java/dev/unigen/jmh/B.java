package dev.unigen.jmh;
final class B {}
