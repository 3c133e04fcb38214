import{c as a}from"./chunk-Z66TYKNU.js";import"./chunk-J3GCEPEW.js";export{a as reactions};
