import{o as a}from"./chunk-ZUG5AZV6.js";import"./chunk-KZ7XTUOP.js";export{a as reactions};
