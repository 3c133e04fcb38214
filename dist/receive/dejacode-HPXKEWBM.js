import{a}from"./chunk-VUI2NQ7Q.js";import"./chunk-J3GCEPEW.js";export{a as reactions};
