import{c as a}from"./chunk-CP7XNYIQ.js";import"./chunk-3LJZ33ZA.js";export{a as reactions};
